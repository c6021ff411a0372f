package io.lacquer.front.proxy;

import io.lacquer.front.proxy.ResponseHead.MalformedResponseException;
import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.route.HopByHopHeaders;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.predicate.IdempotentPredicate;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.util.StatusCodes;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.channels.StreamSourceChannel;

/**
 * One request on its way through a {@link Forwarder}: gets a connection, writes the request
 * head and relays the request body to the server, then reads the response head and relays the
 * body to the client, decoding a chunked one. One object plays every callback role, so that a
 * request allocates little beyond its buffers.
 *
 * <p>Owned by the request's I/O thread, where all its callbacks run.
 */
final class ForwardedRequest implements Runnable, BackendProxyClient.Callback, ChannelListener<Channel>, Closeable {
    /*
     * Buffers: `in` holds what the server sent and not yet relayed, `out` what goes to the server
     * (the request head, then pieces of the body), `decoded` a chunked response's data. All are
     * kept in read mode (position..limit is pending). Most requests need none of them: the head
     * of a bodiless request goes out in one write, and most responses are relayed in full from
     * the read that brings them. Both are done in the I/O thread's scratch buffer, and only what
     * is left over when the request must wait moves to a buffer of its own. Reads from the server stay resumed; a side
     * that cannot take more pauses the other (reads suspended) until it drains.
     */
    private static final ChannelListener<StreamSinkChannel> FLUSHED = ch -> {
        ch.suspendWrites();
        ch.getWriteSetter().set(null);
    };
    private static final IoCallback CONTINUE_SENT = new IoCallback() {
        @Override
        public void onComplete(HttpServerExchange exchange, io.undertow.io.Sender sender) {
        }

        @Override
        public void onException(HttpServerExchange exchange, io.undertow.io.Sender sender, IOException e) {
            IoUtils.safeClose(exchange.getConnection());
        }
    };
    /* Room kept before a request body chunk for its size line, and after it for CRLF and the last chunk. */
    private static final int CHUNK_HEAD_ROOM = 8;
    private static final int CHUNK_TAIL_ROOM = 7;
    private static final int BUFFER_SIZE = 16 * 1024;
    /* Never used across a wait: what is left in it is moved out before the I/O thread moves on. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(BUFFER_SIZE));

    private final HttpServerExchange exchange;
    private final Routing routing;
    private final BackendProxyClient client;
    private final long serverTimeout;
    /** The request's `timeout server` and `timeout client` clocks, told of every move, or null without either. */
    private @Nullable RelayTimeout timeout;
    /** Whether the request has a body; it is relayed as it comes, so such a request is never sent twice. */
    private final boolean hasBody;
    private final boolean chunkedBody;
    private final boolean headRequest;
    private @Nullable BackendConnection connection;
    private @Nullable PooledByteBuffer in;
    private @Nullable PooledByteBuffer out;
    private @Nullable PooledByteBuffer decoded;
    private @Nullable StreamSourceChannel requestChannel;
    private @Nullable StreamSinkChannel responseChannel;
    private @Nullable ResponseHead head;
    private @Nullable ChunkedDecoder chunks;
    private long bodyLeft;
    private int scanned;
    private boolean requestBodyRead;
    private boolean requestSent;
    private boolean chunksDone;
    /** Writing the request failed: the rest of its body is not sent, a response already on its way still is relayed. */
    private boolean requestAbandoned;
    /** The server sent more than its response: its connection cannot be trusted with another request. */
    private boolean spoiled;
    /** Finished or failed: nothing more happens. */
    private boolean done;

    ForwardedRequest(HttpServerExchange exchange, Routing routing, BackendProxyClient client, long serverTimeout) {
        this.exchange = exchange;
        this.routing = routing;
        this.client = client;
        this.serverTimeout = serverTimeout;
        this.hasBody = !exchange.isRequestComplete();
        this.chunkedBody = hasBody && exchange.getRequestContentLength() < 0;
        this.headRequest = Methods.HEAD.equals(exchange.getRequestMethod());
    }

    /** Asks for a connection: the first attempt, and each retry. */
    @Override
    public void run() {
        client.connection(exchange, routing, this);
    }

    @Override
    public void retry() {
        run();
    }

    /** A connection to the chosen server is ready: send the request. */
    @Override
    public void connected(BackendConnection c) {
        connection = c;
        if (serverTimeout > 0 || routing.frontClientTimeout > 0) {
            RelayTimeout t = routing.timeout;
            if (t == null) {
                t = RelayTimeout.start(exchange, serverTimeout, routing.frontClientTimeout);
                routing.timeout = t;
            }
            timeout = t;
            t.sending(this);
        }
        c.source().getReadSetter().set(this);
        c.sink().getWriteSetter().set(this);
        if (in != null) {
            // what a failed attempt had read
            in.getBuffer().clear().flip();
        }
        head = null;
        scanned = 0;
        ByteBuffer b = hasBody ? outBuffer() : SCRATCH.get();
        b.clear();
        try {
            RequestHeadWriter.write(exchange, b);
        } catch (BufferOverflowException e) {
            // past the buffer's 16 KiB, as HAProxy's tune.bufsize
            finish();
            ErrorPage.BAD_REQUEST.send(exchange);
            return;
        }
        b.flip();
        if (hasBody) {
            sendRequest();
            return;
        }
        try {
            c.sink().write(b);
        } catch (IOException e) {
            serverFailed(e);
            return;
        }
        if (b.hasRemaining()) {
            outBuffer().clear();
            out.getBuffer().put(b).flip();
            c.sink().resumeWrites();
        } else {
            requestSent = true;
        }
    }

    private ByteBuffer outBuffer() {
        if (out == null) {
            out = exchange.getConnection().getByteBufferPool().allocate();
        }
        return out.getBuffer();
    }

    /** Writes what is pending to the server, then more of the request body, until done or blocked. */
    private void sendRequest() {
        BackendConnection c = connection;
        ByteBuffer b = out.getBuffer();
        try {
            for (;;) {
                if (b.hasRemaining()) {
                    c.sink().write(b);
                    if (b.hasRemaining()) {
                        if (requestChannel != null) {
                            requestChannel.suspendReads();
                        }
                        c.sink().resumeWrites();
                        return;
                    }
                }
                if (!hasBody || requestBodyRead) {
                    requestSent = true;
                    freeOut();
                    return;
                }
                if (!readRequestBody(b)) {
                    return;
                }
            }
        } catch (IOException e) {
            if (hasBody) {
                abandonRequest(e);
            } else {
                serverFailed(e);
            }
        }
    }

    /*
     * The server stopped taking the request body. It may have answered first (a 413, a 500 after
     * a size limit): relay that answer if it is already there, as HAProxy does, else fail.
     */
    private void abandonRequest(IOException e) {
        requestAbandoned = true;
        if (requestChannel != null) {
            requestChannel.suspendReads();
        }
        connection.sink().suspendWrites();
        if (head == null) {
            readResponse();
            if (!done && head == null) {
                serverFailed(e);
            }
        }
    }

    /* Fills b with the next piece of the request body, framed; false when the client has sent nothing new yet. */
    private boolean readRequestBody(ByteBuffer b) throws IOException {
        StreamSourceChannel rc = requestChannel;
        if (rc == null) {
            rc = exchange.getRequestChannel();
            rc.getReadSetter().set(this);
            requestChannel = rc;
        }
        b.clear();
        if (chunkedBody) {
            b.position(CHUNK_HEAD_ROOM).limit(b.capacity() - CHUNK_TAIL_ROOM);
        }
        int n;
        try {
            n = rc.read(b);
        } catch (IOException e) {
            // the client went away, or broke the chunked syntax (Undertow then closes the
            // connection): nothing can be answered
            abort();
            return false;
        }
        if (timeout != null) {
            timeout.received(n);
        }
        if (n == 0) {
            b.flip().limit(0);
            rc.resumeReads();
            return false;
        }
        if (n < 0) {
            requestBodyRead = true;
            rc.suspendReads();
            b.clear();
            if (chunkedBody) {
                lastChunk(b);
            }
            b.flip();
            return true;
        }
        if (chunkedBody) {
            byte[] size = (Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            int start = CHUNK_HEAD_ROOM - size.length;
            b.put(start, size);
            b.limit(b.capacity()).put((byte) '\r').put((byte) '\n');
            b.limit(b.position()).position(start);
        } else {
            b.flip();
        }
        return true;
    }

    /* The last chunk, with the client's trailers if they fit. */
    private void lastChunk(ByteBuffer b) {
        b.put((byte) '0').put((byte) '\r').put((byte) '\n');
        HeaderMap trailers = exchange.getAttachment(HttpAttachments.REQUEST_TRAILERS);
        if (trailers != null) {
            int mark = b.position();
            try {
                RequestHeadWriter.fields(trailers, b);
            } catch (BufferOverflowException e) {
                b.position(mark);
            }
        }
        b.put((byte) '\r').put((byte) '\n');
    }

    /** The server, the client's request body or the client's connection can move: carry on. */
    @Override
    public void handleEvent(Channel ch) {
        if (done) {
            return;
        }
        BackendConnection c = connection;
        if (c == null) {
            return;
        }
        if (ch == c.source()) {
            readResponse();
        } else if (requestAbandoned && (ch == c.sink() || ch == requestChannel)) {
            return;
        } else if (ch == c.sink()) {
            c.sink().suspendWrites();
            if (requestChannel != null && !requestBodyRead) {
                requestChannel.resumeReads();
            }
            sendRequest();
        } else if (ch == requestChannel) {
            sendRequest();
        } else if (ch == responseChannel) {
            responseChannel.suspendWrites();
            c.source().resumeReads();
            readResponse();
        }
    }

    /* Reads the response head if it is not in yet, then relays the body. */
    private void readResponse() {
        boolean scratch = in == null;
        ByteBuffer b = scratch ? SCRATCH.get().clear().flip() : in.getBuffer();
        try {
            while (head == null) {
                int len = ResponseHead.end(b, scanned);
                if (len < 0) {
                    if (b.remaining() == b.capacity()) {
                        throw new MalformedResponseException("response head too long");
                    }
                    scanned = b.remaining();
                    int n = readServer(b);
                    if (n == 0) {
                        return;
                    }
                    if (n < 0) {
                        serverFailed(new EOFException("server closed the connection before responding"));
                        return;
                    }
                    continue;
                }
                scanned = 0;
                ResponseHead h = ResponseHead.parse(b, len, headRequest, exchange.getResponseHeaders());
                if (h.interim()) {
                    interim(h);
                } else {
                    startResponse(h);
                }
            }
            if (chunks != null) {
                relayChunked(b);
            } else {
                relay(b);
            }
        } catch (MalformedResponseException e) {
            badResponse();
        } catch (IOException e) {
            serverFailed(e);
        } finally {
            if (scratch && !done && b.hasRemaining()) {
                // the request waits (for the server or the client) with bytes in hand
                in = exchange.getConnection().getByteBufferPool().allocate();
                in.getBuffer().clear();
                in.getBuffer().put(b).flip();
            }
        }
    }

    /* Reads more from the server into b (read mode). */
    private int readServer(ByteBuffer b) throws IOException {
        b.compact();
        try {
            return connection.source().read(b);
        } finally {
            b.flip();
        }
    }

    /* A 1xx response: a 100 the client is waiting for goes on, the others end here. */
    private void interim(ResponseHead h) {
        if (h.status == StatusCodes.CONTINUE && HttpContinue.requiresContinueResponse(exchange)
                && !HttpContinue.isContinueResponseSent(exchange)) {
            HttpContinue.sendContinueResponse(exchange, CONTINUE_SENT);
        }
    }

    /* The response head is in: pass it on. */
    private void startResponse(ResponseHead h) {
        head = h;
        exchange.setStatusCode(h.status);
        if (!h.reason.equals(StatusCodes.getReason(h.status))) {
            // kept as an attachment, so only when it is not the usual text
            exchange.setReasonPhrase(h.reason);
        }
        HeaderMap headers = exchange.getResponseHeaders();
        // the client's framing is the HTTP layer's business; the server's was only for us
        headers.remove(Headers.TRANSFER_ENCODING);
        if (h.bodyLength < 0) {
            headers.remove(Headers.CONTENT_LENGTH);
        }
        HopByHopHeaders.strip(headers);
        bodyLeft = h.bodyLength;
        if (h.bodyLength == ResponseHead.CHUNKED) {
            chunks = new ChunkedDecoder();
        }
        StreamSinkChannel rc = exchange.getResponseChannel();
        rc.getWriteSetter().set(this);
        responseChannel = rc;
        if (timeout != null) {
            timeout.headReceived(rc);
        }
    }

    /* Relays a body of known length, or one that ends with the connection. */
    private void relay(ByteBuffer b) throws IOException {
        for (;;) {
            if (b.hasRemaining()) {
                if (bodyLeft >= 0 && b.remaining() > bodyLeft) {
                    spoiled = true;
                    b.limit(b.position() + (int) bodyLeft);
                }
                int pending = b.remaining();
                boolean all = toClient(b);
                if (bodyLeft > 0) {
                    bodyLeft -= pending - b.remaining();
                }
                if (!all) {
                    return;
                }
            }
            if (bodyLeft == 0) {
                finishResponse(b);
                return;
            }
            int n = readServer(b);
            if (n == 0) {
                return;
            }
            if (n < 0) {
                if (bodyLeft == ResponseHead.UNTIL_CLOSE) {
                    finishResponse(b);
                } else {
                    abort();
                }
                return;
            }
        }
    }

    /* Relays a chunked body, decoded; the client's side frames it again. */
    private void relayChunked(ByteBuffer b) throws IOException, MalformedResponseException {
        if (decoded == null) {
            decoded = exchange.getConnection().getByteBufferPool().allocate();
            decoded.getBuffer().clear().flip();
        }
        ByteBuffer d = decoded.getBuffer();
        for (;;) {
            if (d.hasRemaining() && !toClient(d)) {
                return;
            }
            if (chunksDone) {
                spoiled |= b.hasRemaining();
                HeaderMap trailers = chunks.trailers();
                if (trailers != null) {
                    exchange.putAttachment(HttpAttachments.RESPONSE_TRAILERS, trailers);
                }
                finishResponse(b);
                return;
            }
            d.clear();
            chunksDone = chunks.decode(b, d);
            d.flip();
            if (d.hasRemaining() || chunksDone) {
                continue;
            }
            int n = readServer(b);
            if (n == 0) {
                return;
            }
            if (n < 0) {
                abort();
                return;
            }
        }
    }

    /*
     * Writes src to the client; false when it did not take it all, and the request then waits
     * for it (reading from the server paused) or is over (the client is gone).
     */
    private boolean toClient(ByteBuffer src) {
        int w;
        try {
            w = responseChannel.write(src);
        } catch (IOException e) {
            abort();
            return false;
        }
        if (timeout != null) {
            timeout.sent(w, !src.hasRemaining());
        }
        if (src.hasRemaining()) {
            connection.source().suspendReads();
            responseChannel.resumeWrites();
            return false;
        }
        return true;
    }

    /* The whole response went out: the server connection goes back to the pool, the exchange ends. */
    private void finishResponse(ByteBuffer b) {
        BackendConnection c = connection;
        boolean reusable = head.reusable && requestSent && !spoiled && !b.hasRemaining();
        finish();
        if (reusable) {
            c.release();
        } else {
            c.close();
        }
        StreamSinkChannel rc = responseChannel;
        try {
            rc.shutdownWrites();
            if (!rc.flush()) {
                rc.getWriteSetter().set(ChannelListeners.flushingChannelListener(FLUSHED,
                        ChannelListeners.closingChannelExceptionHandler()));
                rc.resumeWrites();
            } else {
                rc.getWriteSetter().set(null);
            }
        } catch (IOException e) {
            IoUtils.safeClose(exchange.getConnection());
            return;
        }
        if (hasBody && !requestBodyRead) {
            // The server answered before the whole request body came (a 413, say). The client may
            // still be sending it: Undertow reads the rest and drops it, as after its own early
            // answers, so that the connection carries the client's next request.
            exchange.endExchange();
        }
    }

    /*
     * The forwarder's work is over: the buffers go back, the server's clock stops, the client's
     * body is no longer read here.
     */
    private void finish() {
        done = true;
        connection = null;
        if (timeout != null) {
            // whatever the client still does (take the last bytes, send the rest of a body), the server is done
            timeout.finished();
        }
        if (in != null) {
            in.close();
            in = null;
        }
        freeOut();
        if (decoded != null) {
            decoded.close();
            decoded = null;
        }
        if (requestChannel != null && !requestBodyRead) {
            requestChannel.suspendReads();
            requestChannel.getReadSetter().set(null);
        }
    }

    private void freeOut() {
        if (out != null) {
            out.close();
            out = null;
        }
    }

    /** `timeout server` struck: it has answered the client; drop the server's connection. */
    @Override
    public void close() {
        if (!done) {
            BackendConnection c = connection;
            finish();
            if (c != null) {
                c.close();
            }
        }
    }

    /*
     * The exchange cannot end well (the server's response broke off in its body, or the client
     * went away): drop both connections.
     */
    private void abort() {
        close();
        IoUtils.safeClose(exchange.getConnection());
    }

    /* The server sent something that is not an HTTP/1.1 response. */
    private void badResponse() {
        close();
        if (responseChannel == null) {
            exchange.getResponseHeaders().clear();
            ErrorPage.BAD_GATEWAY.send(exchange);
        } else {
            abort();
        }
    }

    /* Sending the request or reading the response failed. */
    private void serverFailed(IOException e) {
        BackendConnection c = connection;
        if (c != null) {
            c.close();
        }
        connection = null;
        if (done || (timeout != null && timeout.expired())) {
            return;
        }
        if (responseChannel != null) {
            abort();
        } else if (!hasBody && IdempotentPredicate.INSTANCE.resolve(exchange) && client.mayRetry(routing)) {
            // typically a kept-alive connection the server had just closed: try again, as a retry
            run();
        } else {
            close();
            ErrorPage.BAD_GATEWAY.send(exchange);
        }
    }
}
