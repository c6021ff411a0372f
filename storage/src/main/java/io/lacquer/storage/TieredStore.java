package io.lacquer.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The heap tier over the off-heap tier: hot objects are served from L1 without a copy, everything
 * is in L2, and a restarted node serves from L2 at once.
 *
 * <p>Write policy: <em>write-through, write-allocate</em>. A put goes to L2 first, then to L1.
 * L2 is the tier that survives a crash, so an object that is only in L1 would be lost by
 * {@code kill -9}; writing back on L1 eviction would also put the copy on the eviction path.
 * The object goes to L1 as well because a fresh object is usually read again soon, unless L1 has
 * no entry for the key while L2 holds other variants of it: L1 would then offer a partial set, so
 * the next read promotes the whole set instead. The write runs
 * on the fetch thread, after the client has been streamed the body, so its cost is not on the
 * client's path. An object L2 refuses (too large, no room) is not kept in L1 either, so the tiers
 * never disagree about what is stored.
 *
 * <p>Reads: L1, then L2; an L2 hit is promoted to L1 (the copy out of the map is made once, and
 * later hits write from L1's buffers). Removals go to both tiers. Each tier evicts on its own: L1
 * by W-TinyLFU within its size, L2 by its clock; an object evicted from L1 is still served from L2.
 */
final class TieredStore implements ObjectStore {
    private final String name;
    private final HeapStore l1;
    private final OffHeapStore l2;

    TieredStore(HeapStore l1, OffHeapStore l2) {
        this.l1 = requireNonNull(l1, "l1");
        this.l2 = requireNonNull(l2, "l2");
        this.name = l1.name() + "+" + l2.name();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Variants get(HashKey key) {
        Variants hot = l1.get(key);
        if (hot != null) {
            return hot;
        }
        Variants cold = l2.get(key);
        if (cold != null) {
            l1.promote(key, cold);
        }
        return cold;
    }

    @Override
    public boolean put(HashKey key, StoredObject object) {
        int variants = l2.store(key, object);
        if (variants < 0) {
            // an older L1 copy of this variant must not outlive the refusal
            l1.removeAll(key);
            return false;
        }
        if (variants == 1 || l1.contains(key)) {
            // L1 then holds every variant L2 has (or a subset L2 agrees with)
            l1.put(key, object);
        }
        return true;
    }

    @Override
    public boolean remove(HashKey key, StoredObject object) {
        boolean a = l1.remove(key, object);
        boolean b = l2.remove(key, object);
        return a || b;
    }

    @Override
    public int removeAll(HashKey key) {
        int a = l1.removeAll(key);
        int b = l2.removeAll(key);
        return Math.max(a, b);
    }

    @Override
    public void forEach(BiConsumer<HashKey, Variants> visitor) {
        // L2 holds every object; L1 only copies of some of them
        l2.forEach(visitor);
    }

    @Override
    public long objectCount() {
        return l2.objectCount();
    }

    @Override
    public long usedBytes() {
        return l2.usedBytes();
    }

    @Override
    public long capacityBytes() {
        return l2.capacityBytes();
    }

    @Override
    public List<StoreStats> stats() {
        List<StoreStats> out = new ArrayList<>(l1.stats());
        out.addAll(l2.stats());
        return List.copyOf(out);
    }

    @Override
    public byte[] readState(String name) {
        return l2.readState(name);
    }

    @Override
    public boolean writeState(String name, byte[] value) {
        return l2.writeState(name, value);
    }

    @Override
    public void close() {
        try {
            l1.close();
        } finally {
            l2.close();
        }
    }

    @Override
    public String toString() {
        return l1 + " " + l2;
    }
}
