package io.lacquer.core.vcl;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many requests and fetches hold one policy now: varnishd's VCL busy count, the fourth column
 * of {@code vcl.list}. A request holds the policy it started on (and, after {@code return(vcl)},
 * the one it switched to) until it ends; a fetch holds its request's policy until it ends. A policy
 * is only released once nothing holds it. Thread-safe.
 */
public final class BusyCount {
    // one exact counter rather than a striped one: a reader deciding to release must never see a
    // release before the acquire it pairs with
    private final AtomicInteger held = new AtomicInteger();

    /** Counts one more holder. */
    public void acquire() {
        held.incrementAndGet();
    }

    /** Counts one holder less. */
    public void release() {
        held.decrementAndGet();
    }

    /** The holders now. */
    public int get() {
        return held.get();
    }

    @Override
    public String toString() {
        return Integer.toString(held.get());
    }
}
