package io.lacquer.front.server;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server's {@code maxconn} slots and the queue of requests waiting for one.
 *
 * <p>Thread-safe: slots are taken on any I/O thread and released on the thread that finishes the
 * request. A released slot passes straight to the oldest waiter, so the limit is never exceeded.
 */
public final class ServerSlots {
    private final int limit;
    private final AtomicInteger used = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger queueMax = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();

    /** Creates slots for a server with this {@code maxconn}; 0 means no limit. */
    public ServerSlots(int limit) {
        this.limit = limit;
    }

    /**
     * A request waiting for a slot. It is granted or expired exactly once.
     */
    public static final class Waiter {
        private final AtomicBoolean done = new AtomicBoolean();
        private final Runnable onGrant;

        /** Creates a waiter that runs {@code onGrant} (holding a slot) when one frees up. */
        public Waiter(Runnable onGrant) {
            this.onGrant = onGrant;
        }

        /** Claims the waiter; true for the one caller that may act on it. */
        boolean claim() {
            return done.compareAndSet(false, true);
        }
    }

    /** Takes a slot if one is free. */
    public boolean tryAcquire() {
        if (limit <= 0) {
            used.incrementAndGet();
            return true;
        }
        for (;;) {
            int u = used.get();
            if (u >= limit) {
                return false;
            }
            if (used.compareAndSet(u, u + 1)) {
                return true;
            }
        }
    }

    /**
     * Queues a waiter. If a slot freed up meanwhile it is granted at once.
     */
    public void enqueue(Waiter w) {
        waiters.add(w);
        int q = queued.incrementAndGet();
        int m;
        while (q > (m = queueMax.get()) && !queueMax.compareAndSet(m, q)) {
            // raced with another enqueue; retry
        }
        // a slot released between the failed tryAcquire and the add above would be lost otherwise
        if (tryAcquire()) {
            release();
        }
    }

    /**
     * Expires a waiter (its queue timeout passed); true if it had not been granted, in which case
     * the caller answers the request.
     */
    public boolean expire(Waiter w) {
        if (w.claim()) {
            if (waiters.remove(w)) {
                queued.decrementAndGet();
            }
            return true;
        }
        return false;
    }

    /** Releases a slot, handing it to the oldest live waiter if there is one. */
    public void release() {
        Waiter w;
        while ((w = waiters.poll()) != null) {
            queued.decrementAndGet();
            if (w.claim()) {
                w.onGrant.run();
                return;
            }
        }
        used.decrementAndGet();
    }

    /** Slots in use. */
    public int used() {
        return used.get();
    }

    /** Requests waiting ({@code qcur}). */
    public int queued() {
        return Math.max(0, queued.get());
    }

    /** Most requests ever waiting ({@code qmax}). */
    public int queueMax() {
        return queueMax.get();
    }

    /** The {@code maxconn} limit; 0 means none. */
    public int limit() {
        return limit;
    }
}
