package io.lacquer.front.proxy;

import io.lacquer.front.config.ForwardFor;
import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.route.HopByHopHeaders;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientResponse;
import io.undertow.io.IoCallback;
import io.undertow.predicate.IdempotentPredicate;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.proxy.ProxyCallback;
import io.undertow.server.handlers.proxy.ProxyConnection;
import io.undertow.server.protocol.http.HttpAttachments;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Attachable;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import io.undertow.util.Transfer;
import java.io.IOException;
import java.nio.channels.Channel;
import org.jspecify.annotations.Nullable;
import org.xnio.ChannelExceptionHandler;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * One request on its way through a {@link Forwarder}: gets a connection, sends the request,
 * relays the request body, then the response head and body. One object plays every callback
 * role, so forwarding a request allocates little beyond what the HTTP layer needs.
 *
 * <p>Owned by the request's I/O thread, where all its callbacks run.
 */
final class ForwardedRequest implements Runnable, ProxyCallback<ProxyConnection>, ClientCallback<ClientExchange>,
        ChannelListener<StreamSinkChannel>, ChannelExceptionHandler<Channel> {
    /* Leaves a sink that has flushed its last bytes alone. */
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

    private final HttpServerExchange exchange;
    private final Routing routing;
    private final BackendProxyClient client;
    private final @Nullable ForwardFor forwardFor;
    private final long serverTimeout;
    private @Nullable ClientConnection connection;
    private @Nullable ClientExchange sent;
    private @Nullable StreamSinkChannel requestSink;
    /** Whether the request went out, so that the next completion is the response head. */
    private boolean awaitingResponse;

    ForwardedRequest(HttpServerExchange exchange, Routing routing, BackendProxyClient client,
            @Nullable ForwardFor forwardFor, long serverTimeout) {
        this.exchange = exchange;
        this.routing = routing;
        this.client = client;
        this.forwardFor = forwardFor;
        this.serverTimeout = serverTimeout;
    }

    /** Asks for a connection: the first attempt, and each retry. */
    @Override
    public void run() {
        client.connection(exchange, routing, this);
    }

    /** A connection to the chosen server is ready: send the request head. */
    @Override
    public void completed(HttpServerExchange ex, ProxyConnection pc) {
        ClientConnection c = pc.getConnection();
        connection = c;
        awaitingResponse = false;
        if (serverTimeout > 0) {
            ServerTimeout t = routing.serverTimeout;
            if (t == null) {
                t = ServerTimeout.start(exchange, serverTimeout);
                routing.serverTimeout = t;
            }
            t.sending(c);
        }
        c.sendRequest(request(), this);
    }

    /** The connection failed; the client has already paused if HAProxy would, and bounds the attempts. */
    @Override
    public void failed(HttpServerExchange ex) {
        run();
    }

    @Override
    public void queuedRequestFailed(HttpServerExchange ex) {
        run();
    }

    @Override
    public void couldNotResolveBackend(HttpServerExchange ex) {
        ErrorPage.SERVICE_UNAVAILABLE.send(ex);
    }

    private ClientRequest request() {
        ClientRequest request = new ClientRequest().setMethod(exchange.getRequestMethod()).setPath(path());
        HeaderMap out = request.getRequestHeaders();
        HeaderMap in = exchange.getRequestHeaders();
        for (long f = in.fastIterateNonEmpty(); f != -1L; f = in.fiNextNonEmpty(f)) {
            HeaderValues v = in.fiCurrent(f);
            out.putAll(v.getHeaderName(), v);
        }
        if (!exchange.isPersistent()) {
            // the client's connection closing is no reason to close the server's
            out.put(Headers.CONNECTION, "keep-alive");
        }
        if (!exchange.isRequestComplete() && !out.contains(Headers.CONTENT_LENGTH)
                && !out.contains(Headers.TRANSFER_ENCODING)) {
            out.put(Headers.TRANSFER_ENCODING, Headers.CHUNKED.toString());
        }
        ForwardedHeaders.apply(out, exchange, routing.frontForwardFor, forwardFor);
        return request;
    }

    /* The request target in origin form: an absolute URI loses its scheme and authority. */
    private String path() {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int scheme = uri.indexOf("//");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 2);
            if (slash >= 0) {
                uri = uri.substring(slash);
            }
        }
        String query = exchange.getQueryString();
        return query.isEmpty() ? uri : uri + '?' + query;
    }

    /** The request head went out (first call), or the response head came in (second call). */
    @Override
    public void completed(ClientExchange result) {
        if (awaitingResponse) {
            respond(result);
            return;
        }
        sent = result;
        awaitingResponse = true;
        StreamSinkChannel sink = result.getRequestChannel();
        requestSink = sink;
        boolean expectContinue = HttpContinue.requiresContinueResponse(exchange);
        if (expectContinue) {
            result.setContinueHandler(ce -> HttpContinue.sendContinueResponse(exchange, CONTINUE_SENT));
        }
        result.setResponseListener(this);
        if (expectContinue) {
            // the server answers 100 to the head alone: let it go before waiting for the body
            try {
                if (!sink.flush()) {
                    sink.getWriteSetter().set(ChannelListeners.flushingChannelListener(ch -> relayRequestBody(sink), this));
                    sink.resumeWrites();
                    return;
                }
            } catch (IOException e) {
                handleException(sink, e);
                return;
            }
        }
        relayRequestBody(sink);
    }

    private void relayRequestBody(StreamSinkChannel sink) {
        if (exchange.isRequestComplete()) {
            handleEvent(sink);
        } else {
            Transfer.initiateTransfer(exchange.getRequestChannel(), sink, ChannelListeners.closingChannelListener(),
                    this, this, this, exchange.getConnection().getByteBufferPool());
        }
    }

    /* The response head is in: pass it on and relay the body. */
    private void respond(ClientExchange result) {
        ServerTimeout t = routing.serverTimeout;
        if (t != null) {
            t.headReceived();
        }
        ClientResponse response = result.getResponse();
        int code = response.getResponseCode();
        exchange.setStatusCode(code);
        String reason = response.getStatus();
        if (reason != null && !reason.equals(StatusCodes.getReason(code))) {
            // kept as an attachment, so only when it is not the usual text
            exchange.setReasonPhrase(reason);
        }
        HeaderMap in = response.getResponseHeaders();
        HeaderMap out = exchange.getResponseHeaders();
        for (long f = in.fastIterateNonEmpty(); f != -1L; f = in.fiNextNonEmpty(f)) {
            HeaderValues v = in.fiCurrent(f);
            out.putAll(v.getHeaderName(), v);
        }
        HopByHopHeaders.strip(out);
        Transfer.initiateTransfer(result.getResponseChannel(), exchange.getResponseChannel(),
                ChannelListeners.closingChannelListener(), this, this, this, exchange.getConnection().getByteBufferPool());
    }

    /** A body has been relayed in full (the request's to the server, or the response's to the client): finish it. */
    @Override
    public void handleEvent(StreamSinkChannel channel) {
        boolean toServer = channel == requestSink;
        Attachable from = toServer ? exchange : sent;
        Attachable to = toServer ? sent : exchange;
        HeaderMap trailers = from.getAttachment(HttpAttachments.REQUEST_TRAILERS);
        if (trailers != null) {
            to.putAttachment(HttpAttachments.RESPONSE_TRAILERS, trailers);
        }
        try {
            channel.shutdownWrites();
            if (!channel.flush()) {
                channel.getWriteSetter().set(ChannelListeners.flushingChannelListener(FLUSHED,
                        ChannelListeners.closingChannelExceptionHandler()));
                channel.resumeWrites();
            } else if (!toServer) {
                // the relay may have left its listener; the server connection resets its own per request
                channel.getWriteSetter().set(null);
            }
        } catch (IOException e) {
            failed(e);
        }
    }

    /** Sending the request or waiting for the response failed. */
    @Override
    public void failed(IOException e) {
        if (timedOut()) {
            return;
        }
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
        } else if (exchange.isRequestComplete() && IdempotentPredicate.INSTANCE.resolve(exchange)
                && client.mayRetry(routing)) {
            // typically a kept-alive connection the server had just closed: try again, as a retry
            IoUtils.safeClose(connection);
            run();
        } else {
            ErrorPage.BAD_GATEWAY.send(exchange);
        }
    }

    /** Relaying a body failed: the server (or the client) is gone. */
    @Override
    public void handleException(Channel channel, IOException e) {
        IoUtils.safeClose(channel);
        IoUtils.safeClose(connection);
        if (timedOut()) {
            return;
        }
        if (exchange.isResponseStarted()) {
            IoUtils.safeClose(exchange.getConnection());
        } else {
            ErrorPage.BAD_GATEWAY.send(exchange);
        }
    }

    /* Whether `timeout server` has answered the request already. */
    private boolean timedOut() {
        ServerTimeout t = routing.serverTimeout;
        return t != null && t.expired();
    }
}
