package io.lacquer.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The in-process store: a Caffeine cache of {@link Variants} weighed by bytes.
 *
 * <p>Caffeine's W-TinyLFU picks what to evict when the store is full, so a burst of one-hit
 * objects does not flush the hot set the way plain LRU would. Each entry expires at the latest
 * ttl + grace + keep of its variants; Caffeine's scheduler removes it then without waiting for a
 * read. Maintenance (eviction included) runs on the writing thread rather than a pool, so the
 * store is back within its size when {@code put} returns. Bodies live in direct buffers (see {@link Body}), so the bytes counted here are mostly
 * outside the Java heap; the launcher caps direct memory well above any store size.
 */
final class HeapStore implements ObjectStore {
    private final String name;
    private final long capacity;
    private final long maxObjectBytes;
    private final StoreEvents events;
    private final Cache<HashKey, Variants> cache;
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final StoreMeter meter = new StoreMeter();

    HeapStore(String name, long capacityBytes, StoreEvents events, Ticker ticker) {
        this(name, capacityBytes, capacityBytes / 2, events, ticker);
    }

    HeapStore(String name, long capacityBytes, long maxObjectBytes, StoreEvents events, Ticker ticker) {
        this.name = requireNonNull(name, "name");
        if (capacityBytes < 1024) {
            throw new IllegalArgumentException("capacity: " + capacityBytes + " bytes (expected: >= 1024)");
        }
        if (maxObjectBytes <= 0 || maxObjectBytes > capacityBytes) {
            throw new IllegalArgumentException("max_object: " + maxObjectBytes + " bytes (expected: > 0 and <= "
                    + capacityBytes + ")");
        }
        this.capacity = capacityBytes;
        this.maxObjectBytes = Math.min(maxObjectBytes, Integer.MAX_VALUE);
        this.events = requireNonNull(events, "events");
        this.cache = Caffeine.newBuilder()
                .maximumWeight(capacityBytes)
                .weigher((HashKey k, Variants v) -> (int) Math.min(v.weight(), Integer.MAX_VALUE))
                .expireAfter(new VariantsExpiry())
                .ticker(ticker)
                .executor(Runnable::run)
                .scheduler(Scheduler.systemScheduler())
                .evictionListener(this::onEvicted)
                .build();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Variants get(HashKey key) {
        return cache.getIfPresent(key);
    }

    /** Whether {@code key} has an entry, without counting it as a use. */
    boolean contains(HashKey key) {
        return cache.asMap().containsKey(key);
    }

    @Override
    public boolean put(HashKey key, StoredObject object) {
        meter.request();
        if (object.weight() > maxObjectBytes) {
            meter.fail();
            return false;
        }
        cache.asMap().compute(key, (k, old) -> {
            Variants next = old == null ? Variants.of(object) : old.with(object);
            account(old, next);
            return next;
        });
        meter.stored(object.weight());
        return true;
    }

    /**
     * Keeps {@code variants} read from a lower tier, unless the key already has an entry here (which
     * is newer). Returns false when they are too large for this store.
     */
    boolean promote(HashKey key, Variants variants) {
        if (variants.weight() > maxObjectBytes) {
            return false;
        }
        boolean[] taken = {false};
        cache.asMap().computeIfAbsent(key, k -> {
            account(null, variants);
            taken[0] = true;
            return variants;
        });
        if (taken[0]) {
            meter.stored(variants.weight());
        }
        return taken[0];
    }

    @Override
    public boolean remove(HashKey key, StoredObject object) {
        boolean[] removed = {false};
        cache.asMap().computeIfPresent(key, (k, old) -> {
            Variants next = old.without(object);
            removed[0] = next == null || next.objects().size() < old.objects().size();
            account(old, next);
            return next;
        });
        return removed[0];
    }

    @Override
    public int removeAll(HashKey key) {
        Variants old = cache.asMap().remove(key);
        account(old, null);
        return old == null ? 0 : old.objects().size();
    }

    @Override
    public void forEach(BiConsumer<HashKey, Variants> visitor) {
        cache.asMap().forEach(visitor);
    }

    @Override
    public long objectCount() {
        return objects.get();
    }

    @Override
    public long usedBytes() {
        return bytes.get();
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }

    @Override
    public java.util.List<StoreStats> stats() {
        return java.util.List.of(meter.snapshot(name, "heap", bytes.get(), capacity));
    }

    @Override
    public void close() {
        cache.invalidateAll();
        cache.cleanUp();
    }

    private void onEvicted(HashKey key, Variants value, RemovalCause cause) {
        if (value == null) {
            return;
        }
        account(value, null);
        int n = value.objects().size();
        if (cause == RemovalCause.EXPIRED) {
            events.expired(n);
        } else if (cause == RemovalCause.SIZE) {
            events.nuked(n);
        }
    }

    private void account(Variants old, Variants next) {
        long before = old == null ? 0 : old.weight();
        long after = next == null ? 0 : next.weight();
        if (after < before) {
            meter.freed(before - after);
        }
        objects.addAndGet((next == null ? 0 : next.objects().size()) - (old == null ? 0 : old.objects().size()));
        bytes.addAndGet((next == null ? 0 : next.weight()) - (old == null ? 0 : old.weight()));
    }

    @Override
    public String toString() {
        return name + "=heap," + capacity;
    }

    /** Expires an entry when its longest-lived variant is past ttl + grace + keep. */
    private static final class VariantsExpiry implements Expiry<HashKey, Variants> {
        @Override
        public long expireAfterCreate(HashKey key, Variants value, long currentTime) {
            return remaining(value);
        }

        @Override
        public long expireAfterUpdate(HashKey key, Variants value, long currentTime, long currentDuration) {
            return remaining(value);
        }

        @Override
        public long expireAfterRead(HashKey key, Variants value, long currentTime, long currentDuration) {
            return currentDuration;
        }

        private static long remaining(Variants value) {
            long millis = value.expires() - System.currentTimeMillis();
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis));
        }
    }
}
