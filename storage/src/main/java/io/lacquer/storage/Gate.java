package io.lacquer.storage;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Lets operations on a store run until it closes, and lets the close wait for those under way: the
 * off-heap map's memory is unmapped on close, and a reader still in it would fault. Entering costs
 * one uncontended add, so the hit path pays no lock.
 */
final class Gate {
    private final LongAdder inside = new LongAdder();
    private volatile boolean closed;

    /** Enters; false once the gate is shut (the caller acts as for an absent entry). */
    boolean enter() {
        inside.increment();
        if (closed) {
            inside.decrement();
            return false;
        }
        return true;
    }

    /** Leaves, after a successful {@link #enter()}. */
    void exit() {
        inside.decrement();
    }

    /** Shuts the gate and waits up to {@code timeoutMillis} for those inside; false if some are still in. */
    boolean shut(long timeoutMillis) {
        closed = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inside.sum() != 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
