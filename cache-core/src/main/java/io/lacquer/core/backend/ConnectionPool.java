package io.lacquer.core.backend;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.stats.Counters;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle keep-alive connections of one backend, most recently used first (so the hot ones stay
 * warm and the others age out after {@code backend_idle_timeout}).
 */
final class ConnectionPool {
    private final BackendSpec spec;
    private final Params params;
    private final Counters counters;
    private final ConcurrentLinkedDeque<BackendConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger open = new AtomicInteger();

    ConnectionPool(BackendSpec spec, Params params, Counters counters) {
        this.spec = spec;
        this.params = params;
        this.counters = counters;
    }

    BackendConnection borrow(int connectTimeoutMillis) throws IOException {
        long maxIdle = TimeUnit.MILLISECONDS.toNanos(params.millis(Param.BACKEND_IDLE_TIMEOUT));
        BackendConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (c.isOpen() && c.nothingUnread() && System.nanoTime() - c.idleSince() < maxIdle) {
                counters.inc(Counter.BACKEND_REUSE);
                return c.reuse();
            }
            c.close();
        }
        return open(connectTimeoutMillis);
    }

    BackendConnection open(int connectTimeoutMillis) throws IOException {
        if (spec.maxConnections() > 0 && open.get() >= spec.maxConnections()) {
            throw new IOException("backend " + spec.name() + " is at max_connections (" + spec.maxConnections() + ")");
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(spec.host(), spec.port()), connectTimeoutMillis);
        } catch (IOException e) {
            counters.inc(Counter.BACKEND_FAIL);
            socket.close();
            throw new IOException("connect to backend " + spec.name() + " (" + spec.host() + ":" + spec.port()
                    + ") failed: " + e.getMessage(), e);
        }
        open.incrementAndGet();
        counters.inc(Counter.BACKEND_CONN);
        return new BackendConnection(socket, this, false);
    }

    void recycle(BackendConnection c) {
        counters.inc(Counter.BACKEND_RECYCLE);
        idle.offerFirst(c);
    }

    void closed() {
        open.decrementAndGet();
    }

    void close() {
        BackendConnection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }
}
