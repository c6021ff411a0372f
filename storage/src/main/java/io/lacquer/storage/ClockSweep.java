package io.lacquer.storage;

import io.lacquer.storage.EntryCodec.Head;
import io.lacquer.storage.EntryCodec.Variant;
import net.openhft.chronicle.hash.Data;
import net.openhft.chronicle.map.ChronicleMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * Eviction and expiry for the {@link OffHeapStore}: a clock hand over the map's segments.
 *
 * <p>Implementation notes. The policy is GCLOCK [1]: each head has a small use count, raised on
 * every hit and lowered each time the hand passes; the hand evicts the heads it finds at zero, so
 * what is read often survives several passes and what was read once goes first. The counts live in
 * a byte table on the heap indexed by the key's digest (one byte per expected entry, collisions
 * shared), not in the entries: a hit then writes nothing to the file and the sweep needs no per-entry
 * object on the heap. The hand works one segment at a time under that segment's lock and removes
 * the extents of the heads it evicts only after releasing it, so it never holds two segment locks.
 * Expired heads are removed wherever the hand meets them, and a background thread walks a slice
 * of the segments every tick reading only each head's expiry in place.
 *
 * <p>[1] A. J. Smith, "Sequentiality and prefetching in database systems", ACM TODS 3(3), 1978
 * (the generalized clock); see also Varnish's {@code nuke_limit} for bounding one write's evictions.
 */
final class ClockSweep {
    private static final int MAX_COUNT = 7;

    private final OffHeapStore store;
    private final ChronicleMap<byte[], byte[]> map;
    private final byte[] counts;
    private final int mask;
    private final ReentrantLock hand = new ReentrantLock();
    private int position;
    private int expiryPosition;
    private ScheduledExecutorService timer;

    ClockSweep(OffHeapStore store, ChronicleMap<byte[], byte[]> map, long expectedEntries) {
        this.store = store;
        this.map = map;
        int size = Integer.highestOneBit((int) Math.min(1 << 24, Math.max(1024, expectedEntries)) * 2 - 1);
        this.counts = new byte[size];
        this.mask = size - 1;
    }

    /** Starts the background expiry sweep, one slice of segments every {@code periodMillis}. */
    void start(String name, long periodMillis) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lacquer-sweep-" + name);
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::expireSlice, periodMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** Stops the background sweep and waits for a slice under way. */
    void stop() {
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Records a hit on the head under {@code headKey}. */
    void touch(byte[] headKey) {
        int i = index(headKey);
        if (counts[i] < MAX_COUNT) {
            counts[i]++;
        }
    }

    /** Records a new head: it survives one pass of the hand. */
    void admit(byte[] headKey) {
        int i = index(headKey);
        if (counts[i] == 0) {
            counts[i] = 1;
        }
    }

    /**
     * Evicts until the store fits; false when two full turns of the hand could not make it fit
     * (everything left is in use by the write under way, or the map is fragmented).
     */
    boolean makeRoom() {
        hand.lock();
        try {
            int segments = map.segments();
            for (int turn = 0; turn < 2 * segments + 1 && !store.fits(); turn++) {
                position = (position + 1) % segments;
                sweep(position, true);
            }
            return store.fits();
        } finally {
            hand.unlock();
        }
    }

    /** Removes the expired heads in the next slice of segments (a quarter of them). */
    void expireSlice() {
        try {
            int segments = map.segments();
            int slice = Math.max(1, segments / 4);
            for (int i = 0; i < slice; i++) {
                expiryPosition = (expiryPosition + 1) % segments;
                sweep(expiryPosition, false);
            }
        } catch (RuntimeException e) {
            // the map was closed under the sweep (the node is stopping); the next start sweeps again
            if (map.isOpen()) {
                throw e;
            }
        }
    }

    /**
     * One segment: removes expired heads and, when {@code evict}, moves the hand over every head in
     * it, evicting those at zero. The whole segment is swept, not just until the store fits, because
     * Chronicle iterates a segment from its start: stopping early would age the first heads of each
     * segment over and over and never reach the others.
     */
    private void sweep(int segment, boolean evict) {
        long now = System.currentTimeMillis();
        List<byte[]> keys = new ArrayList<>();
        List<Variant> large = new ArrayList<>();
        int[] expired = {0};
        int[] nuked = {0};
        Predicate<net.openhft.chronicle.map.MapEntry<byte[], byte[]>> visit = e -> {
            Data<byte[]> k = e.key();
            Data<byte[]> v = e.value();
            if (k.size() != EntryCodec.DIGEST_BYTES || v.size() < EntryCodec.EXPIRES_OFFSET + 8) {
                return true;
            }
            boolean isExpired = v.bytes().readLong(v.offset() + EntryCodec.EXPIRES_OFFSET) <= now;
            if (!isExpired && !evict) {
                return true; // the expiry walk reads nothing else of a live head
            }
            byte[] hk = k.get().clone();
            if (!isExpired) {
                int i = index(hk);
                if (counts[i] > 0) {
                    counts[i]--;
                    return true;
                }
            }
            byte[] hv = v.get().clone();
            Head head = EntryCodec.decodeHead(hv, false);
            e.doRemove();
            int n = head == null ? 1 : head.variants().size();
            if (isExpired) {
                expired[0] += n;
            } else {
                nuked[0] += n;
            }
            for (Variant x : store.headRemoved(hv, head)) {
                keys.add(hk);
                large.add(x);
            }
            return true;
        };
        try (var context = map.segmentContext(segment)) {
            context.forEachSegmentEntryWhile(visit);
        }
        for (int i = 0; i < large.size(); i++) {
            store.deleteExtents(keys.get(i), large.get(i), false);
        }
        store.report(expired[0], nuked[0]);
    }

    private int index(byte[] headKey) {
        int h = (headKey[0] & 0xff) | (headKey[1] & 0xff) << 8 | (headKey[2] & 0xff) << 16 | (headKey[3] & 0xff) << 24;
        return h & mask;
    }
}
