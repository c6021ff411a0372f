package io.lacquer.front.proxy;

import io.lacquer.front.config.ForwardFor;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.jspecify.annotations.Nullable;

/**
 * Forwards a backend's requests to its servers: takes a pooled connection from the
 * {@link BackendProxyClient}, sends the request with the forwarded headers HAProxy would add,
 * streams the bodies both ways and turns failures into HAProxy's answers (503 when no server
 * could be reached, 502 when one failed after taking the request, 504 on {@code timeout server}).
 *
 * <p>Stateless; the state of one request lives in its {@link ForwardedRequest}, on the request's
 * I/O thread.
 */
public final class Forwarder {
    /*
     * Why not Undertow's ProxyHandler and HTTP client: doing the job here gives what HAProxy does
     * (no X-Forwarded-* of our own, an inactivity `timeout server`, 502 for a server failing after
     * taking the request) and costs less. The client parsed response heads a character at a time
     * through a StringBuilder, copied every header twice, and polled its connection once more after
     * each response; here the head is parsed in one pass into the exchange's own header map.
     */
    private final BackendProxyClient client;
    private final @Nullable ForwardFor forwardFor;
    private final long serverTimeout;

    /**
     * Creates the forwarder of a backend.
     *
     * @param forwardFor the backend's {@code option forwardfor}, or null
     * @param serverTimeout {@code timeout server} in milliseconds; 0 waits indefinitely
     */
    public Forwarder(BackendProxyClient client, @Nullable ForwardFor forwardFor, long serverTimeout) {
        this.client = client;
        this.forwardFor = forwardFor;
        this.serverTimeout = serverTimeout;
    }

    /** Forwards the request, whose backend-side state is {@code routing}. Called on the I/O thread. */
    public void forward(HttpServerExchange exchange, Routing routing) {
        ForwardedHeaders.apply(exchange.getRequestHeaders(), exchange, routing.frontForwardFor, forwardFor);
        ForwardedRequest r = new ForwardedRequest(exchange, routing, client, serverTimeout);
        keepReadInterest(exchange);
        // dispatched, so that the exchange outlives the handler call that started it
        exchange.dispatch(SameThreadExecutor.INSTANCE, r);
    }

    /*
     * Undertow stops reading the client's connection while a request is in progress, and the
     * JDK's poller then takes the socket out of epoll and puts it back when the response is done:
     * two system calls per request, a tenth of the front's CPU time. A request whose body is all
     * in has no use for the pause, so reading stays on. Should the client send more or close
     * meanwhile, Undertow's read listener sees a request in progress and pauses reading then.
     */
    private static void keepReadInterest(HttpServerExchange exchange) {
        if (exchange.isRequestComplete() && exchange.getConnection() instanceof AbstractServerConnection c) {
            c.getChannel().getSourceChannel().resumeReads();
        }
    }
}
