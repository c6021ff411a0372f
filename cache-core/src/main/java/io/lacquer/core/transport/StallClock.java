package io.lacquer.core.transport;

/**
 * How long one direction of a client connection has been stalled: waiting on the client with
 * nothing moving. The client timeout conduits start it when an I/O call finds nothing to do or
 * starts to wait, and stop it when bytes move. Safe to read from a timer on another thread.
 */
final class StallClock {
    private final long limitNanos;
    /** When the stall began, or 0 while nothing is stalled. */
    private volatile long since;

    /** A clock for stalls of at most {@code limitNanos}. */
    StallClock(long limitNanos) {
        this.limitNanos = limitNanos;
    }

    /** Bytes moved: no stall. */
    void stop() {
        since = 0;
    }

    /** A stall begins now, or begins again. */
    void restart() {
        since = System.nanoTime();
    }

    /** Whether a stall is being timed. */
    boolean running() {
        return since != 0;
    }

    /**
     * Notes that nothing moved: starts the clock if it was stopped.
     *
     * @return whether the stall has now lasted the limit
     */
    boolean nothingMoved() {
        long s = since;
        if (s == 0) {
            since = System.nanoTime();
            return false;
        }
        return System.nanoTime() - s >= limitNanos;
    }

    /** How long until the stall reaches the limit, at least 1 ns; starts the clock if it was stopped. */
    long remainingNanos() {
        long s = since;
        if (s == 0) {
            since = System.nanoTime();
            return limitNanos;
        }
        return Math.max(1, s + limitNanos - System.nanoTime());
    }
}
