package io.lacquer.front.proxy;

import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xnio.XnioIoThread;

/**
 * The {@link RelayTimeout}s of the requests in progress on one I/O thread, checked together by
 * one timer, so that timing a request needs no timer of its own.
 *
 * <p>Confined to its I/O thread: requests register, leave and are swept there.
 */
final class TimeoutSweep implements Runnable {
    /*
     * A timer per request costs an entry in the I/O thread's timer tree, inserted and removed for
     * every request; sweeping the few requests in progress on a thread every tick is cheaper. The
     * price is precision: the tick is an eighth of the shortest timeout registered, so a timeout
     * fires up to an eighth late. The sweep stops when the thread has nothing in progress.
     */
    private static final ThreadLocal<TimeoutSweep> SWEEPS = new ThreadLocal<>();
    private static final long MIN_TICK = TimeUnit.MILLISECONDS.toNanos(1);

    private final XnioIoThread thread;
    private long tickNanos = Long.MAX_VALUE;
    private @Nullable RelayTimeout head;
    private boolean scheduled;

    private TimeoutSweep(XnioIoThread thread) {
        this.thread = thread;
    }

    /** The sweep of the calling I/O thread. */
    static TimeoutSweep of(XnioIoThread thread) {
        TimeoutSweep s = SWEEPS.get();
        if (s == null) {
            s = new TimeoutSweep(thread);
            SWEEPS.set(s);
        }
        return s;
    }

    /** Starts checking {@code t}, whose timeout is {@code timeoutNanos}. */
    void add(RelayTimeout t, long timeoutNanos) {
        tickNanos = Math.max(MIN_TICK, Math.min(tickNanos, timeoutNanos / 8));
        t.next = head;
        t.prev = null;
        if (head != null) {
            head.prev = t;
        }
        head = t;
        t.swept = true;
        if (!scheduled) {
            scheduled = true;
            thread.executeAfter(this, tickNanos, TimeUnit.NANOSECONDS);
        }
    }

    /** Stops checking {@code t}; nothing happens if it is not being checked. */
    void remove(RelayTimeout t) {
        if (!t.swept) {
            return;
        }
        t.swept = false;
        if (t.prev != null) {
            t.prev.next = t.next;
        } else {
            head = t.next;
        }
        if (t.next != null) {
            t.next.prev = t.prev;
        }
        t.next = null;
        t.prev = null;
    }

    /** One tick: lets every timeout check its clock. */
    @Override
    public void run() {
        long now = System.nanoTime();
        for (RelayTimeout t = head; t != null; ) {
            RelayTimeout next = t.next;
            t.check(now);
            t = next;
        }
        if (head != null) {
            thread.executeAfter(this, tickNanos, TimeUnit.NANOSECONDS);
        } else {
            scheduled = false;
        }
    }
}
