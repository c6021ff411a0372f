package io.lacquer.front.route;

import io.lacquer.front.server.HttpCounters;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.ConduitStreamSourceChannel;
import org.xnio.conduits.StreamSourceConduit;

/**
 * {@code timeout http-request}: a client that has not sent a complete request head in time gets
 * HAProxy's 408 page and the connection is closed. A kept-alive connection on which the next
 * request has not begun is closed without a word, as HAProxy does: a 408 there could be read as
 * the answer to a request the client is sending at that moment.
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
    /** The connections whose timer is armed. */
    private final Map<StreamConnection, Clock> armed = new ConcurrentHashMap<>();

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
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            Clock clock = new Clock(source.getConduit());
            source.setConduit(clock);
            arm(connection, clock, headMillis, false);
            open.handleEvent(connection);
        };
    }

    /** Disarms the timer of the exchange's connection; re-arms it when the response is done. */
    public void headReceived(HttpServerExchange exchange) {
        StreamConnection c = ((AbstractServerConnection) exchange.getConnection()).getChannel();
        Clock clock = armed.remove(c);
        if (clock == null) {
            return;
        }
        clock.timer.remove();
        exchange.addExchangeCompleteListener((ex, next) -> {
            if (ex.isPersistent() && c.isOpen()) {
                arm(c, clock, idleMillis, true);
            }
            next.proceed();
        });
    }

    private void arm(StreamConnection c, Clock clock, long millis, boolean keptAlive) {
        clock.keptAlive = keptAlive;
        clock.heard = false;
        clock.timer = c.getIoThread().executeAfter(() -> expire(c), millis, TimeUnit.MILLISECONDS);
        armed.put(c, clock);
    }

    private void expire(StreamConnection c) {
        Clock clock = armed.remove(c);
        if (clock == null || !c.isOpen()) {
            return;
        }
        if (clock.keptAlive && !clock.heard) {
            IoUtils.safeClose(c);
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

    /**
     * A connection's timer, and whether a byte has come since it was armed: the connection's
     * reads go through it, beneath Undertow's.
     */
    private static final class Clock extends AbstractStreamSourceConduit<StreamSourceConduit> {
        XnioExecutor.Key timer;
        boolean keptAlive;
        boolean heard;

        Clock(StreamSourceConduit next) {
            super(next);
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return note(next.read(dst));
        }

        @Override
        public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
            return note(next.read(dsts, offs, len));
        }

        @Override
        public long transferTo(long position, long count, FileChannel target) throws IOException {
            return note(next.transferTo(position, count, target));
        }

        @Override
        public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
            // bytes left in throughBuffer were read too
            long n = next.transferTo(count, throughBuffer, target);
            heard |= throughBuffer.hasRemaining();
            return note(n);
        }

        private int note(int n) {
            heard |= n > 0;
            return n;
        }

        private long note(long n) {
            heard |= n > 0;
            return n;
        }
    }
}
