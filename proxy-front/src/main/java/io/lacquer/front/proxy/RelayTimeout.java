package io.lacquer.front.proxy;

import io.lacquer.front.route.ErrorPage;
import io.undertow.server.HttpServerExchange;
import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * The inactivity timeouts of one relayed request, as HAProxy applies them. {@code timeout server}
 * is the longest the server may stay silent while it is expected to answer or to take data: a
 * slow but steady response is never cut; a server silent for longer gets the request answered
 * 504 if no response head has come yet, or the client's connection aborted if the response had
 * begun. The frontend's {@code timeout client} is the longest the client may leave the response
 * untaken: then its connection, and the server's, are closed.
 *
 * <p>Owned by the request's I/O thread, where the sweep, the conduits and the forwarder's
 * callbacks all run.
 */
final class RelayTimeout {
    /*
     * Activity is what crosses the proxy: request body bytes read from the client (they only
     * move while the server takes them), the response head, and response bytes written to the
     * client (each was just read from the server); the forwarder reports each. While the client
     * does not take the response the server is not to blame, as in HAProxy, where a full buffer
     * disarms the server side's timer: the clock restarts when the client moves. A client that
     * stops sending its request body does not stop the clock: nothing then moves on the server's
     * side either, and HAProxy 2.6 answers 504 after `timeout server`. The I/O thread's
     * TimeoutSweep looks at the clock every tick, so activity itself costs one clock read and no
     * timer is set per request. A timeout closes the server connection and ends the forwarder's
     * work, since the request is answered here.
     */
    private final HttpServerExchange exchange;
    /** {@code timeout server}, 0 for none. */
    private final long serverNanos;
    /** {@code timeout client}, 0 for none. */
    private final long clientNanos;
    private @Nullable Closeable server;
    /** Where the response goes to the client, once its head has arrived. */
    private @Nullable StreamSinkChannel response;
    private final TimeoutSweep sweep;
    /** Links of the sweep's list, and whether this is in it; touched by the sweep only. */
    @Nullable RelayTimeout prev;
    @Nullable RelayTimeout next;
    boolean swept;
    private long lastActivity;
    private boolean clientHoldsResponse;
    /** Since when the client has taken none of the response it holds up. */
    private long clientHeldSince;
    private boolean expired;
    private boolean finished;

    private RelayTimeout(HttpServerExchange exchange, long timeoutMillis, long clientMillis) {
        this.exchange = exchange;
        this.serverNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.clientNanos = TimeUnit.MILLISECONDS.toNanos(clientMillis);
        this.sweep = TimeoutSweep.of(exchange.getIoThread());
    }

    /**
     * Starts timing a request that is about to be sent to the server.
     *
     * @param timeoutMillis {@code timeout server}, 0 for none
     * @param clientMillis the frontend's {@code timeout client}, 0 for none
     */
    static RelayTimeout start(HttpServerExchange exchange, long timeoutMillis, long clientMillis) {
        return new RelayTimeout(exchange, timeoutMillis, clientMillis);
    }

    /** The request is being sent (again); {@code server} closes its connection: the server's turn starts now. */
    void sending(Closeable server) {
        this.server = server;
        lastActivity = System.nanoTime();
        if (!swept && !finished) {
            // ticks for the shorter of the two that are set
            sweep.add(this, serverNanos == 0 || (clientNanos > 0 && clientNanos < serverNanos) ? clientNanos : serverNanos);
        }
    }

    /** The response head arrived; the response goes to the client through {@code response}. */
    void headReceived(StreamSinkChannel response) {
        this.response = response;
        lastActivity = System.nanoTime();
    }

    /** Whether the timeout struck, and answered the request. */
    boolean expired() {
        return expired;
    }

    /**
     * Response bytes went to the client; {@code all} is false when the client did not take
     * everything (a write, or the final flush, left bytes behind).
     */
    void sent(long bytes, boolean all) {
        if (bytes > 0) {
            lastActivity = System.nanoTime();
        }
        if (!all && (bytes > 0 || !clientHoldsResponse)) {
            clientHeldSince = System.nanoTime();
        }
        clientHoldsResponse = !all;
    }

    /** Request body bytes came from the client: a count, 0 while the client has sent nothing more, -1 at the end. */
    void received(long bytes) {
        if (bytes > 0) {
            lastActivity = System.nanoTime();
        }
    }

    /** Called by the sweep every tick: ends the request if the server has been silent, or the client has held up the response, too long. */
    void check(long now) {
        if (clientHoldsResponse) {
            // the client's turn: the server's clock starts again once the client moves
            lastActivity = now;
            if (clientNanos > 0 && now - clientHeldSince >= clientNanos) {
                clientTimedOut();
            }
            return;
        }
        if (serverNanos > 0 && now - lastActivity >= serverNanos) {
            expire();
        }
    }

    /* The client took none of the response for `timeout client`: both connections close, as in HAProxy. */
    private void clientTimedOut() {
        expired = true;
        sweep.remove(this);
        IoUtils.safeClose(server);
        IoUtils.safeClose(exchange.getConnection());
    }

    /* The server stayed silent too long. */
    private void expire() {
        expired = true;
        sweep.remove(this);
        IoUtils.safeClose(server);
        if (response == null) {
            if (!exchange.isRequestComplete()) {
                // the rest of the request body may still come: the connection cannot carry another request
                exchange.setPersistent(false);
            }
            ErrorPage.GATEWAY_TIMEOUT.send(exchange);
            return;
        }
        // HAProxy forwards the response head as soon as it has it: let it out if it is still here, then abort
        try {
            response.flush();
        } catch (IOException e) {
            // the client is gone too
        }
        IoUtils.safeClose(exchange.getConnection());
    }

    /** The server's part is over (the forwarder is done, or the exchange is): stop timing it. */
    void finished() {
        finished = true;
        sweep.remove(this);
    }
}
