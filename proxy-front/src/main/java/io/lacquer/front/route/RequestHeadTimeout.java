package io.lacquer.front.route;

import io.lacquer.front.server.HttpCounters;
import io.undertow.server.AbstractServerConnection;
import io.undertow.server.ExchangeCompletionListener;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
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
 * <p>Undertow's own parse timeout closes the connection without a word, so the front keeps its own
 * clock on each connection: armed when the connection opens and after each response on a
 * kept-alive connection, disarmed when a request head has been parsed. Clocks are read on the
 * connection's I/O thread, the thread that also parses its requests, so the two never race.
 */
public final class RequestHeadTimeout {
    private static final byte[] RESPONSE = ("HTTP/1.1 408 Request Time-out\r\nContent-Type: text/html\r\n"
            + "Cache-Control: no-cache\r\nConnection: close\r\nContent-Length: " + ErrorPage.REQUEST_TIMEOUT.body().length()
            + "\r\n\r\n" + ErrorPage.REQUEST_TIMEOUT.body()).getBytes(StandardCharsets.US_ASCII);
    private static final AttachmentKey<Clock> CLOCK = AttachmentKey.create(Clock.class);
    private final long headMillis;
    private final long idleMillis;
    /** Whether the head's time restarts with each piece of it ({@code timeout client} standing in). */
    private final boolean perPiece;
    private final HttpCounters counters;
    /** The clocks of connections that have not sent a request head yet; the first one moves the clock to the connection. */
    private final Map<StreamConnection, Clock> opened = new ConcurrentHashMap<>();

    /**
     * Creates the timeout.
     *
     * @param headMillis {@code timeout http-request}, or {@code timeout client} standing in for it
     * @param keepAliveMillis {@code timeout http-keep-alive}, added to the head time for requests
     *     after the first on a connection
     * @param counters the frontend's counters, where timeouts count as request errors
     * @param perPiece whether the head's time restarts with each piece of it, as {@code timeout
     *     client} does in HAProxy when it stands in for {@code timeout http-request}; otherwise it
     *     bounds the whole head
     */
    public RequestHeadTimeout(long headMillis, long keepAliveMillis, HttpCounters counters, boolean perPiece) {
        this.headMillis = headMillis;
        this.idleMillis = keepAliveMillis + headMillis;
        this.counters = counters;
        this.perPiece = perPiece;
    }

    /** Wraps a connection-open listener so every new connection starts with an armed clock. */
    public ChannelListener<StreamConnection> wrap(ChannelListener<StreamConnection> open) {
        return connection -> {
            ConduitStreamSourceChannel source = connection.getSourceChannel();
            Clock clock = new Clock(source.getConduit(), connection);
            source.setConduit(clock);
            opened.put(connection, clock);
            clock.arm(headMillis, false);
            open.handleEvent(connection);
        };
    }

    /** Disarms the clock of the exchange's connection; re-arms it when the response is done. */
    public void headReceived(HttpServerExchange exchange) {
        ServerConnection connection = exchange.getConnection();
        Clock clock = connection.getAttachment(CLOCK);
        if (clock == null) {
            clock = opened.remove(((AbstractServerConnection) connection).getChannel());
            if (clock == null) {
                return;
            }
            connection.putAttachment(CLOCK, clock);
        }
        clock.disarm();
        exchange.addExchangeCompleteListener(clock);
    }

    /**
     * A connection's clock, and whether a byte has come since it was armed: the connection's
     * reads go through it, beneath Undertow's.
     *
     * <p>Arming and disarming only set fields; the clock's one timer, when it fires, looks at them
     * and sleeps again until the deadline, so a request costs no timer of its own.
     */
    private final class Clock extends AbstractStreamSourceConduit<StreamSourceConduit>
            implements Runnable, ExchangeCompletionListener {
        private final StreamConnection connection;
        private boolean scheduled;
        private long deadline;
        private boolean armed;
        private boolean keptAlive;
        private boolean heard;

        Clock(StreamSourceConduit next, StreamConnection connection) {
            super(next);
            this.connection = connection;
        }

        /** Starts counting {@code millis}; called on the connection's I/O thread. */
        void arm(long millis, boolean keptAlive) {
            this.keptAlive = keptAlive;
            heard = false;
            armed = true;
            deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            if (!scheduled) {
                scheduled = true;
                connection.getIoThread().executeAfter(this, millis, TimeUnit.MILLISECONDS);
            }
        }

        /** A request head has come: nothing is timed until the response is done. */
        void disarm() {
            armed = false;
        }

        /** The timer fired: expire, sleep until the deadline, or stop while a request is in progress. */
        @Override
        public void run() {
            scheduled = false;
            if (!connection.isOpen()) {
                opened.remove(connection);
                return;
            }
            if (!armed) {
                return;
            }
            long left = deadline - System.nanoTime();
            if (left > 0) {
                scheduled = true;
                connection.getIoThread().executeAfter(this, left, TimeUnit.NANOSECONDS);
                return;
            }
            opened.remove(connection);
            expire();
        }

        /** The response is done: the next request head has its time, counted from now. */
        @Override
        public void exchangeEvent(HttpServerExchange exchange, NextListener next) {
            if (exchange.isPersistent() && connection.isOpen()) {
                if (connection.getIoThread() == Thread.currentThread()) {
                    arm(idleMillis, true);
                } else {
                    connection.getIoThread().execute(() -> arm(idleMillis, true));
                }
            }
            next.proceed();
        }

        private void expire() {
            if (keptAlive && !heard) {
                IoUtils.safeClose(connection);
                return;
            }
            counters.requestError();
            try {
                // a few hundred bytes always fit in an idle socket's send buffer
                connection.getSinkChannel().write(ByteBuffer.wrap(RESPONSE));
                connection.getSinkChannel().flush();
            } catch (IOException e) {
                // the client is gone; closing is all that is left
            }
            IoUtils.safeClose(connection);
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
            if (throughBuffer.hasRemaining()) {
                heard();
            }
            return note(n);
        }

        private int note(int n) {
            if (n > 0) {
                heard();
            }
            return n;
        }

        private long note(long n) {
            if (n > 0) {
                heard();
            }
            return n;
        }

        private void heard() {
            heard = true;
            if (perPiece && armed) {
                deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(headMillis);
            }
        }
    }
}
