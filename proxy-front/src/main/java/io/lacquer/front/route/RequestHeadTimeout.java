package io.lacquer.front.route;

import io.lacquer.front.server.HttpCounters;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;

/**
 * {@code timeout http-request}: a client that has not sent a complete request head in time gets
 * HAProxy's 408 page and the connection is closed.
 *
 * <p>Undertow's own parse timeout closes the connection without a word, so the front arms its own
 * timer when a connection opens and after each response on a kept-alive connection, and disarms
 * it when a request head has been parsed. Timers run on the connection's I/O thread, the thread
 * that also parses its requests, so the two never race.
 */
public final class RequestHeadTimeout {
    private static final byte[] RESPONSE = ("HTTP/1.1 408 Request Time-out\r\nContent-Type: text/html\r\n"
            + "Cache-Control: no-cache\r\nConnection: close\r\nContent-Length: " + ErrorPage.REQUEST_TIMEOUT.body().length()
            + "\r\n\r\n" + ErrorPage.REQUEST_TIMEOUT.body()).getBytes(StandardCharsets.US_ASCII);
    private final long headMillis;
    private final long idleMillis;
    private final HttpCounters counters;
    private final Map<StreamConnection, XnioExecutor.Key> timers = new ConcurrentHashMap<>();

    /**
     * Creates the timeout.
     *
     * @param headMillis {@code timeout http-request}
     * @param keepAliveMillis {@code timeout http-keep-alive}, added to the head time for requests
     *     after the first on a connection
     * @param counters the frontend's counters, where timeouts count as request errors
     */
    public RequestHeadTimeout(long headMillis, long keepAliveMillis, HttpCounters counters) {
        this.headMillis = headMillis;
        this.idleMillis = keepAliveMillis + headMillis;
        this.counters = counters;
    }

    /** Wraps a connection-open listener so every new connection starts with an armed timer. */
    public ChannelListener<StreamConnection> wrap(ChannelListener<StreamConnection> open) {
        return connection -> {
            arm(connection, headMillis);
            open.handleEvent(connection);
        };
    }

    /** Disarms the timer of the exchange's connection; re-arms it when the response is done. */
    public void headReceived(HttpServerExchange exchange) {
        StreamConnection c = ((AbstractServerConnection) exchange.getConnection()).getChannel();
        XnioExecutor.Key k = timers.remove(c);
        if (k != null) {
            k.remove();
        }
        exchange.addExchangeCompleteListener((ex, next) -> {
            if (ex.isPersistent() && c.isOpen()) {
                arm(c, idleMillis);
            }
            next.proceed();
        });
    }

    private void arm(StreamConnection c, long millis) {
        XnioExecutor.Key k = c.getIoThread().executeAfter(() -> expire(c), millis, TimeUnit.MILLISECONDS);
        XnioExecutor.Key old = timers.put(c, k);
        if (old != null) {
            old.remove();
        }
    }

    private void expire(StreamConnection c) {
        if (timers.remove(c) == null || !c.isOpen()) {
            return;
        }
        counters.requestError();
        try {
            // a few hundred bytes always fit in an idle socket's send buffer
            c.getSinkChannel().write(ByteBuffer.wrap(RESPONSE));
            c.getSinkChannel().flush();
        } catch (IOException e) {
            // the client is gone; closing is all that is left
        }
        IoUtils.safeClose(c);
    }
}
