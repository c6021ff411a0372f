package io.lacquer.storage;

import java.util.concurrent.atomic.LongAdder;

/** The live counters behind a {@link StoreStats}; updated by one store from any thread. */
final class StoreMeter {
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder stored = new LongAdder();
    private final LongAdder freed = new LongAdder();
    private final LongAdder corrupt = new LongAdder();

    void request() {
        requests.increment();
    }

    void fail() {
        failures.increment();
    }

    void stored(long bytes) {
        stored.add(bytes);
    }

    void freed(long bytes) {
        freed.add(bytes);
    }

    void corrupt() {
        corrupt.increment();
    }

    void corrupt(long n) {
        corrupt.add(n);
    }

    StoreStats snapshot(String name, String type, long used, long capacity) {
        return new StoreStats(name, type, used, Math.max(0, capacity - used), requests.sum(), failures.sum(),
                stored.sum(), freed.sum(), corrupt.sum());
    }
}
