package io.lacquer.core.stats;

import io.lacquer.storage.StoreEvents;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * The live value of every {@link Counter}: a {@link LongAdder} each, so the request path never
 * contends on a counter. Gauges read from a supplier set by whoever owns the value.
 */
public final class Counters implements StoreEvents {
    private final LongAdder[] adders = new LongAdder[Counter.values().length];
    private final LongSupplier[] gauges = new LongSupplier[Counter.values().length];

    /** All counters at zero. */
    public Counters() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    /** Adds one. */
    public void inc(Counter c) {
        adders[c.ordinal()].increment();
    }

    /** Adds {@code n}. */
    public void add(Counter c, long n) {
        adders[c.ordinal()].add(n);
    }

    /** The current value. */
    public long get(Counter c) {
        if (c.kind() == Counter.Kind.GAUGE) {
            LongSupplier g = gauges[c.ordinal()];
            return g == null ? 0 : g.getAsLong();
        }
        return adders[c.ordinal()].sum();
    }

    /** Where a gauge is read from; set by whoever owns the value. */
    public void gauge(Counter c, LongSupplier supplier) {
        if (c.kind() != Counter.Kind.GAUGE) {
            throw new IllegalArgumentException(c.id() + " is a counter (expected: a gauge)");
        }
        gauges[c.ordinal()] = supplier;
    }

    /** Where {@code n_object} is read from. */
    public void objectCount(LongSupplier supplier) {
        gauge(Counter.N_OBJECT, supplier);
    }

    /** Hits over hits plus misses, 0 before the first lookup. */
    public double hitRatio() {
        long hit = get(Counter.CACHE_HIT);
        long miss = get(Counter.CACHE_MISS);
        return hit + miss == 0 ? 0 : (double) hit / (hit + miss);
    }

    @Override
    public void nuked(int n) {
        add(Counter.N_LRU_NUKED, n);
    }

    @Override
    public void expired(int n) {
        add(Counter.N_EXPIRED, n);
    }
}
