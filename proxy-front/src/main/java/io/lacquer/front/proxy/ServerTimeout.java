package io.lacquer.front.proxy;

import io.lacquer.front.route.ErrorPage;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.ConduitFactory;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.conduits.StreamSinkConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * {@code timeout server} for one request, as HAProxy applies it: the longest the server may stay
 * silent while it is expected to answer or to take data. A slow but steady response is never
 * cut; a server silent for longer gets the request answered 504 if no response head has come
 * yet, or the client's connection aborted if the response had begun.
 *
 * <p>Owned by the request's I/O thread, where the timer, the conduits and the proxy handler's
 * callbacks all run.
 */
final class ServerTimeout implements Runnable, ConduitWrapper<StreamSinkConduit>, ClientCallback<ClientExchange>,
        ExchangeCompletionListener {
    /*
     * Activity is what crosses the proxy: request body bytes read from the client (they only
     * move while the server takes them), the response head, and response bytes written to the
     * client (each was just read from the server). While the client holds things up (a response
     * write it did not take, or a request body it has not sent yet) the server is not to blame,
     * as in HAProxy, where a full buffer or an idle client disarm the server side's timer: the
     * clock restarts when the client moves. The timer is lazy: it sleeps for the timeout, then
     * sleeps again for what is left since the last activity, so activity itself costs one clock
     * read. A timeout closes the server connection; the failure that reaches the proxy
     * handler's response listener afterwards is dropped, since the request is answered here.
     */
    private final HttpServerExchange exchange;
    private final long timeoutNanos;
    private @Nullable ClientConnection server;
    private @Nullable ClientCallback<ClientExchange> responseListener;
    private @Nullable ResponseActivityConduit response;
    private XnioExecutor.@Nullable Key timer;
    private long lastActivity;
    private boolean headReceived;
    private boolean clientHoldsResponse;
    private boolean clientHoldsRequest;
    private boolean expired;
    private boolean finished;

    private ServerTimeout(HttpServerExchange exchange, long timeoutMillis) {
        this.exchange = exchange;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /**
     * Starts timing a request that is about to be sent to the server over {@code server}: installs
     * the activity probes and the timer. Must run before the proxy handler opens the request or
     * response channels.
     */
    static ServerTimeout start(HttpServerExchange exchange, long timeoutMillis) {
        ServerTimeout t = new ServerTimeout(exchange, timeoutMillis);
        exchange.addResponseWrapper(t);
        if (!exchange.isRequestComplete()) {
            exchange.addRequestWrapper((ConduitWrapper<StreamSourceConduit>) (factory, ex) ->
                    new RequestActivityConduit(factory.create(), t));
        }
        exchange.addExchangeCompleteListener(t);
        return t;
    }

    /** The request is being sent (again) on {@code connection}: the server's turn starts now. */
    void sending(ClientConnection connection) {
        server = connection;
        lastActivity = System.nanoTime();
        if (timer == null && !finished) {
            schedule(timeoutNanos);
        }
    }

    /** Remembers the proxy handler's response listener, which this one stands in front of. */
    void responseListener(ClientCallback<ClientExchange> listener) {
        responseListener = listener;
    }

    /** The response head arrived. */
    @Override
    public void completed(ClientExchange result) {
        if (expired) {
            return;
        }
        headReceived = true;
        lastActivity = System.nanoTime();
        responseListener.completed(result);
    }

    @Override
    public void failed(IOException e) {
        if (!expired) {
            responseListener.failed(e);
        }
    }

    /** Wraps the client's response conduit, which the proxy handler opens once the response head is in. */
    @Override
    public StreamSinkConduit wrap(ConduitFactory<StreamSinkConduit> factory, HttpServerExchange ex) {
        headReceived = true;
        lastActivity = System.nanoTime();
        response = new ResponseActivityConduit(factory.create(), this);
        return response;
    }

    /** Response bytes went to the client; {@code all} is false when the client did not take everything. */
    void sent(long bytes, boolean all) {
        if (bytes > 0) {
            lastActivity = System.nanoTime();
        }
        clientHoldsResponse = !all;
    }

    /** Request body bytes came from the client: a count, 0 while the client has sent nothing more, -1 at the end. */
    void received(long bytes) {
        if (bytes > 0) {
            lastActivity = System.nanoTime();
        }
        clientHoldsRequest = bytes == 0;
    }

    @Override
    public void run() {
        timer = null;
        if (finished || expired) {
            return;
        }
        if (clientHoldsResponse || clientHoldsRequest || (response != null && response.unflushed())) {
            schedule(timeoutNanos);
            return;
        }
        long idle = System.nanoTime() - lastActivity;
        if (idle < timeoutNanos) {
            schedule(timeoutNanos - idle);
            return;
        }
        expire();
    }

    private void schedule(long nanos) {
        timer = exchange.getIoThread().executeAfter(this, nanos, TimeUnit.NANOSECONDS);
    }

    /* The server stayed silent too long. */
    private void expire() {
        expired = true;
        IoUtils.safeClose(server);
        if (!headReceived) {
            ErrorPage.GATEWAY_TIMEOUT.send(exchange);
            return;
        }
        // HAProxy forwards the response head as soon as it has it: let it out if it is still here, then abort
        if (response != null) {
            try {
                response.flush();
            } catch (IOException e) {
                // the client is gone too
            }
        }
        IoUtils.safeClose(exchange.getConnection());
    }

    @Override
    public void exchangeEvent(HttpServerExchange ex, NextListener next) {
        finished = true;
        if (timer != null) {
            timer.remove();
            timer = null;
        }
        next.proceed();
    }
}
