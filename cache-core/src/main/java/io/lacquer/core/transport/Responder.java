package io.lacquer.core.transport;

import io.lacquer.core.fetch.StreamingBody;
import io.lacquer.core.object.ByteRange;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.stats.Counters;
import io.lacquer.storage.Body;
import io.lacquer.storage.StoredObject;
import io.undertow.io.BufferWritableOutputStream;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.Protocols;
import org.xnio.IoUtils;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes responses to clients: a stored body straight from its buffers (no copy, on whichever
 * thread holds the request, without blocking it), a body still being fetched as its chunks arrive
 * (on a worker thread, blocking), and synthetic pages.
 */
public final class Responder {
    private static final HttpString X_VARNISH = new HttpString("X-Varnish");
    private static final HttpString VIA = new HttpString("Via");
    private static final HttpString SERVER = new HttpString("Server");
    private static final HttpString[] NOT_MODIFIED_DROPS = {Headers.CONTENT_LENGTH, Headers.CONTENT_TYPE,
        Headers.CONTENT_ENCODING, Headers.CONTENT_LANGUAGE, Headers.CONTENT_RANGE, Headers.TRANSFER_ENCODING};

    /** Header names of stored objects, made into HttpStrings once rather than per delivery. */
    private static final java.util.concurrent.ConcurrentHashMap<String, HttpString> NAMES =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_NAMES = 4096;

    private final Counters counters;

    /** A responder counting into {@code counters}. */
    public Responder(Counters counters) {
        this.counters = counters;
    }

    /** Sets the status line and headers of {@code obj}, plus X-Varnish, Age and Via, for vcl_deliver to see. */
    public void prepare(HttpServerExchange exchange, StoredObject obj, String xVarnish, String via) {
        exchange.setStatusCode(obj.status());
        exchange.setReasonPhrase(obj.reason());
        HeaderMap headers = exchange.getResponseHeaders();
        headers.clear();
        for (StoredObject.Header h : obj.headers()) {
            headers.add(name(h.name()), h.value());
        }
        headers.remove(Headers.CONTENT_LENGTH);
        headers.remove(Headers.TRANSFER_ENCODING);
        headers.put(X_VARNISH, xVarnish);
        long age = Math.max(0, (System.currentTimeMillis() - obj.origin()) / 1000);
        headers.put(Headers.AGE, age);
        headers.add(VIA, "1.1 " + via);
    }

    private static HttpString name(String name) {
        HttpString known = NAMES.get(name);
        if (known == null) {
            known = HttpString.tryFromString(name);
            if (NAMES.size() < MAX_NAMES) {
                NAMES.put(name, known);
            }
        }
        return known;
    }

    /** Sends a complete body without blocking; the exchange ends when it is written. */
    public void send(HttpServerExchange exchange, Body body) {
        long length = body.length();
        exchange.setResponseContentLength(length);
        if (length == 0 || Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.endExchange();
            return;
        }
        counters.add(Counter.S_RESP_BODYBYTES, length);
        exchange.getResponseSender().send(body.buffers());
    }

    /**
     * Sends a body that may still be arriving: chunks are written as the fetch appends them, and
     * flushed whenever the writer has caught up with the fetch. Blocks; call on a worker thread
     * unless the body is already complete. A fetch that breaks mid-body closes the connection, so
     * the client sees a truncated response rather than a short one that looks whole.
     */
    public void stream(HttpServerExchange exchange, StreamingBody body) {
        if (body.isIntact()) {
            send(exchange, body.toBody());
            return;
        }
        if (Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.endExchange();
            return;
        }
        long length = body.expectedLength();
        if (length >= 0) {
            exchange.setResponseContentLength(length);
        } else if (exchange.getProtocol().equals(Protocols.HTTP_1_1)) {
            // never close-delimited: a client must be able to tell a cut-off body from a whole one
            exchange.getResponseHeaders().put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
        }
        exchange.startBlocking();
        OutputStream out = exchange.getOutputStream();
        BufferWritableOutputStream buffered = (BufferWritableOutputStream) out;
        try {
            ByteBuffer chunk;
            for (int i = 0; (chunk = body.await(i)) != null; i++) {
                counters.add(Counter.S_RESP_BODYBYTES, chunk.remaining());
                buffered.write(chunk);
                if (!body.has(i + 1)) {
                    out.flush();
                }
            }
            // closing writes the end of a chunked body: only once the whole body is out
            out.close();
        } catch (IOException e) {
            abort(exchange);
            return;
        }
        exchange.endExchange();
    }

    /** Answers 304 Not Modified: the validators and cache fields stay, the representation's own fields go (RFC 9110 §15.4.5). */
    public void notModified(HttpServerExchange exchange) {
        exchange.setStatusCode(304);
        exchange.setReasonPhrase("Not Modified");
        HeaderMap headers = exchange.getResponseHeaders();
        for (HttpString h : NOT_MODIFIED_DROPS) {
            headers.remove(h);
        }
        exchange.endExchange();
    }

    /** Sends one byte range of a complete body (206), or 416 when it cannot be satisfied. */
    public void sendRange(HttpServerExchange exchange, Body body, ByteRange range) {
        long length = body.length();
        if (range.kind() == ByteRange.Kind.UNSATISFIABLE) {
            exchange.setStatusCode(416);
            exchange.setReasonPhrase("Range Not Satisfiable");
            exchange.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes */" + length);
            exchange.setResponseContentLength(0);
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(206);
        exchange.setReasonPhrase("Partial Content");
        exchange.getResponseHeaders().put(Headers.CONTENT_RANGE, "bytes " + range.first() + "-" + range.last() + "/" + length);
        exchange.setResponseContentLength(range.length());
        counters.add(Counter.S_RESP_BODYBYTES, range.length());
        exchange.getResponseSender().send(slice(body.buffers(), range.first(), range.length()));
    }

    /** The part of {@code chunks} from byte {@code from}, {@code count} bytes long, without copying. */
    static ByteBuffer[] slice(ByteBuffer[] chunks, long from, long count) {
        java.util.List<ByteBuffer> out = new java.util.ArrayList<>();
        long skip = from;
        long left = count;
        for (ByteBuffer chunk : chunks) {
            int n = chunk.remaining();
            if (skip >= n) {
                skip -= n;
                continue;
            }
            int start = chunk.position() + (int) skip;
            int take = (int) Math.min(n - skip, left);
            ByteBuffer part = chunk.duplicate();
            part.position(start).limit(start + take);
            out.add(part);
            skip = 0;
            left -= take;
            if (left == 0) {
                break;
            }
        }
        return out.toArray(new ByteBuffer[0]);
    }

    /** Sends a synthetic response with the status and headers already set on the exchange. */
    public void sendSynth(HttpServerExchange exchange, String xid, String server, String body, boolean close) {
        HeaderMap headers = exchange.getResponseHeaders();
        headers.put(X_VARNISH, xid);
        headers.put(SERVER, server);
        if (close) {
            exchange.setPersistent(false);
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        exchange.setResponseContentLength(bytes.length);
        if (bytes.length == 0 || Methods.HEAD.equals(exchange.getRequestMethod())) {
            exchange.endExchange();
            return;
        }
        counters.add(Counter.S_RESP_BODYBYTES, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }

    /** Gives up on a response that cannot be completed: the connection is closed. */
    public void abort(HttpServerExchange exchange) {
        IoUtils.safeClose(exchange.getConnection());
    }
}
