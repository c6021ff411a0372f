package io.lacquer.front.proxy;

import io.lacquer.front.server.HttpCounters;
import io.lacquer.front.server.ServerSlots;
import io.lacquer.front.server.ServerState;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xnio.Cancellable;
import org.xnio.XnioExecutor;

/**
 * The connections of one backend's requests: assigns a server to each request (keeping the
 * one persistence or an earlier attempt chose), takes one of its {@code maxconn} slots or queues
 * for one, and hands out a pooled keep-alive connection to it.
 *
 * <p>Everything runs on the request's I/O thread; connection pools are per I/O thread, so the
 * forwarding path has no thread hop and no lock.
 */
public final class BackendProxyClient {
    /*
     * Retries and redispatch follow HAProxy: a failed connection is retried on the same server up
     * to `retries` times, each after a pause of min(timeout connect, 1 s); with `option
     * redispatch` the last retry goes to another server, at once. A server
     * that stopped being usable meanwhile (DOWN, MAINT) is always left for another one. The
     * forwarder drives the loop: each failure comes back here through connection().
     */
    /* Idle connections each I/O thread keeps per server; requests beyond maxconn never get that far. */
    private static final int MAX_IDLE_PER_THREAD = 1024;

    private final Map<ServerState, ConnectionPool> pools = new IdentityHashMap<>();
    private final ServerChooser chooser;
    private final int retries;
    private final boolean redispatch;
    private final long queueTimeout;
    private final long connectTimeout;
    private final long retryDelay;
    private final HttpCounters counters;

    /**
     * Creates the client.
     *
     * @param servers every server of the backend
     * @param chooser picks servers for requests that need one
     * @param retries {@code retries}
     * @param redispatch {@code option redispatch}
     * @param queueTimeout {@code timeout queue} in milliseconds; 0 waits indefinitely
     * @param connectTimeout {@code timeout connect} in milliseconds; 0 waits for the system's timeout
     * @param idleMillis how long an idle pooled connection is kept
     * @param counters the backend's counters
     */
    public BackendProxyClient(List<ServerState> servers, ServerChooser chooser, int retries, boolean redispatch,
            long queueTimeout, long connectTimeout, long idleMillis, HttpCounters counters) {
        this.chooser = chooser;
        this.retries = retries;
        this.redispatch = redispatch;
        this.queueTimeout = queueTimeout;
        this.connectTimeout = connectTimeout;
        this.retryDelay = connectTimeout > 0 ? Math.min(connectTimeout, 1000) : 1000;
        this.counters = counters;
        for (ServerState s : servers) {
            InetSocketAddress address = new InetSocketAddress(s.config().host(), s.config().port());
            pools.put(s, new ConnectionPool(address, idleMillis, MAX_IDLE_PER_THREAD));
        }
    }

    /** What a request asking for a connection hears back, on its I/O thread. */
    interface Callback {
        /** A connection to the request's server is ready. */
        void connected(BackendConnection connection);

        /** The attempt failed and another is allowed: ask for a connection again. */
        void retry();
    }

    /** Whether a request whose server failed after taking it may be sent again ({@code retries}). */
    boolean mayRetry(Routing r) {
        return r.attempts <= retries;
    }

    /**
     * Gets the request a connection: to the server persistence or an earlier attempt chose, else
     * to one the chooser picks; through the server's queue when it is at its {@code maxconn}.
     */
    void connection(HttpServerExchange exchange, Routing r, Callback callback) {
        int attempt = r.attempts++;
        ServerState s = r.server;
        if (s != null) {
            boolean usable = r.persistent ? s.status().takesPersistent() : s.balanceable();
            boolean lastRetry = attempt > 0 && redispatch && attempt >= retries;
            if (!usable || lastRetry) {
                if (attempt > 0) {
                    counters.redispatch();
                    s.counters().redispatch();
                }
                r.leave(s);
                r.persistent = false;
                s = null;
            } else if (attempt > 0) {
                counters.retry();
                s.counters().retry();
            }
        }
        if (s == null) {
            s = chooser.choose(exchange, r);
            if (s == null) {
                releaseSlot(r);
                r.failurePage().send(exchange);
                return;
            }
            s.chosen();
        }
        r.server = s;
        if (r.slotHolder == s) {
            connect(s, r, exchange, callback);
            return;
        }
        releaseSlot(r);
        ServerSlots slots = s.slots();
        if (slots.tryAcquire()) {
            r.slotHolder = s;
            connect(s, r, exchange, callback);
        } else {
            queue(s, r, exchange, callback);
        }
    }

    /* Waits for a slot on s; answers 503 if `timeout queue` passes first. */
    private void queue(ServerState s, Routing r, HttpServerExchange exchange, Callback callback) {
        XnioExecutor.Key[] timer = new XnioExecutor.Key[1];
        ServerSlots.Waiter w = new ServerSlots.Waiter(() -> exchange.getIoThread().execute(() -> {
            if (timer[0] != null) {
                timer[0].remove();
            }
            r.waiter = null;
            r.slotHolder = s;
            if (exchange.isComplete()) {
                // answered meanwhile (client gone, server timeout): the slot goes to the next in line
                releaseSlot(r);
                return;
            }
            connect(s, r, exchange, callback);
        }));
        r.waiter = w;
        s.slots().enqueue(w);
        if (queueTimeout > 0) {
            timer[0] = exchange.getIoThread().executeAfter(() -> {
                if (s.slots().expire(w)) {
                    r.waiter = null;
                    r.failurePage().send(exchange);
                }
            }, queueTimeout, TimeUnit.MILLISECONDS);
        }
    }

    private void connect(ServerState s, Routing r, HttpServerExchange exchange, Callback callback) {
        Attempt a = new Attempt(s, r, exchange, callback);
        a.pending = pools.get(s).connect(exchange.getIoThread(), a);
        // a pooled connection completes the attempt inside connect(); only a new one needs a timer
        if (!a.done && connectTimeout > 0) {
            a.timer = exchange.getIoThread().executeAfter(a::timeout, connectTimeout, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * One connection attempt to one server; every callback runs on the request's I/O thread.
     */
    private final class Attempt implements ConnectionPool.Callback {
        private final ServerState s;
        private final Routing r;
        private final HttpServerExchange exchange;
        private final Callback callback;
        boolean done;
        /** The connect under way, if the attempt opens a new connection. */
        @Nullable Cancellable pending;
        XnioExecutor.@Nullable Key timer;

        Attempt(ServerState s, Routing r, HttpServerExchange exchange, Callback callback) {
            this.s = s;
            this.r = r;
            this.exchange = exchange;
            this.callback = callback;
        }

        /*
         * `timeout connect` passed: give up the connect, so that its socket is closed now rather
         * than when the system stops trying, then count a connection error and retry, as a
         * refused connect would.
         */
        void timeout() {
            if (done) {
                return;
            }
            if (pending != null) {
                pending.cancel();
            }
            failed(null);
        }

        private boolean finish() {
            if (done) {
                return false;
            }
            done = true;
            if (timer != null) {
                timer.remove();
            }
            return true;
        }

        @Override
        public void connected(BackendConnection connection) {
            if (!finish()) {
                // nobody is waiting for it any more
                connection.close();
                return;
            }
            if (r.counted != s) {
                if (r.counted != null) {
                    r.counted.counters().end();
                }
                s.counters().begin();
                r.counted = s;
            }
            callback.connected(connection);
        }

        @Override
        public void failed(@Nullable IOException e) {
            if (!finish()) {
                return;
            }
            s.counters().connectError();
            counters.connectError();
            releaseSlot(r);
            if (r.attempts > retries) {
                r.failurePage().send(exchange);
            } else if (redispatch && r.attempts >= retries) {
                // the next attempt goes to another server: no reason to wait
                callback.retry();
            } else {
                // as HAProxy: a pause of min(timeout connect, 1s) before trying the same server again
                exchange.getIoThread().executeAfter(callback::retry, retryDelay, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * Ends the request's business with the backend once its exchange is over: stops its `timeout
     * server` and gives up its place ({@link #releaseSlot}).
     */
    public static void finished(Routing r) {
        RelayTimeout t = r.timeout;
        if (t != null) {
            t.finished();
        }
        releaseSlot(r);
    }

    /**
     * Gives up the request's place: leaves the queue if it is waiting, and releases its slot if it
     * holds one. Called when the request ends, and when it changes server.
     */
    public static void releaseSlot(Routing r) {
        ServerSlots.Waiter w = r.waiter;
        if (w != null && r.server != null) {
            r.waiter = null;
            r.server.slots().expire(w);
        }
        ServerState holder = r.slotHolder;
        if (holder != null) {
            r.slotHolder = null;
            holder.slots().release();
        }
    }

    /** Closes the connection pools. */
    public void close() {
        pools.values().forEach(ConnectionPool::close);
    }
}
