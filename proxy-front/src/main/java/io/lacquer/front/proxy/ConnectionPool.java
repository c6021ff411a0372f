package io.lacquer.front.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xnio.Cancellable;
import org.xnio.IoFuture;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;

/**
 * The keep-alive connections to one server. Each I/O thread keeps its own idle connections, so
 * a request takes one without a lock and without leaving its thread.
 */
final class ConnectionPool {
    /*
     * Idle connections are reused most recent first: the one used last is the least likely to
     * have been closed by the server, and the oldest age out at the other end. One is dropped
     * once idle for longer than the idle time (`timeout server`, as HAProxy's idle server
     * connections), when a release finds it at the old end or a request comes across it.
     */
    private static final OptionMap OPTIONS = OptionMap.create(Options.TCP_NODELAY, true);

    private final InetSocketAddress address;
    private final long idleNanos;
    private final int maxIdlePerThread;
    private final ThreadLocal<ArrayDeque<BackendConnection>> idle = ThreadLocal.withInitial(ArrayDeque::new);
    /** Every open connection, for closing them all when the front stops. */
    private final Set<StreamConnection> open = ConcurrentHashMap.newKeySet();

    /** What a request asking for a connection hears back, on its I/O thread. */
    interface Callback {
        /** A connection is ready for the request. */
        void connected(BackendConnection connection);

        /** The server could not be reached. */
        void failed(IOException e);
    }

    /**
     * Creates the pool of a server.
     *
     * @param idleMillis how long an idle connection is kept
     * @param maxIdlePerThread how many idle connections each I/O thread keeps at most
     */
    ConnectionPool(InetSocketAddress address, long idleMillis, int maxIdlePerThread) {
        this.address = address;
        this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        this.maxIdlePerThread = maxIdlePerThread;
    }

    /**
     * Hands an idle connection to {@code callback} at once, or opens a new one.
     *
     * @param thread the calling I/O thread, which a new connection belongs to
     * @return the pending connect, which cancelling closes, or null if an idle connection was handed over
     */
    @Nullable Cancellable connect(XnioIoThread thread, Callback callback) {
        ArrayDeque<BackendConnection> idleHere = idle.get();
        long now = System.nanoTime();
        for (BackendConnection c = idleHere.pollFirst(); c != null; c = idleHere.pollFirst()) {
            if (now - c.idleSince < idleNanos && c.isOpen()) {
                callback.connected(c);
                return null;
            }
            c.close();
        }
        IoFuture<StreamConnection> future = thread.openStreamConnection(address, ch -> {
            open.add(ch);
            ch.setCloseListener(open::remove);
            callback.connected(new BackendConnection(ch, this));
        }, OPTIONS);
        future.addNotifier(new IoFuture.HandlingNotifier<StreamConnection, Callback>() {
            @Override
            public void handleFailed(IOException e, Callback cb) {
                if (thread == XnioIoThread.currentThread()) {
                    cb.failed(e);
                } else {
                    thread.execute(() -> cb.failed(e));
                }
            }
        }, callback);
        return future;
    }

    /** Takes back a connection whose request is done; called on its I/O thread. */
    void release(BackendConnection c) {
        ArrayDeque<BackendConnection> idleHere = idle.get();
        long now = System.nanoTime();
        c.idleSince = now;
        idleHere.addFirst(c);
        BackendConnection oldest = idleHere.peekLast();
        if (idleHere.size() > maxIdlePerThread || now - oldest.idleSince >= idleNanos) {
            idleHere.pollLast();
            oldest.close();
        }
    }

    /** Forgets an idle connection the server closed; called on its I/O thread. */
    void discard(BackendConnection c) {
        idle.get().remove(c);
    }

    /** Closes every connection. */
    void close() {
        open.forEach(IoUtils::safeClose);
    }
}
