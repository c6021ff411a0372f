package io.lacquer.storage;

import io.lacquer.storage.EntryCodec.Head;
import io.lacquer.storage.EntryCodec.Variant;
import net.openhft.chronicle.map.ChronicleMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The walk over an off-heap file when it is opened: counts what it holds and removes what must not
 * be served or kept: heads failing their checksum, expired heads, extents no head names (left by a
 * crash between a put's extents and its head), and entries of no known kind.
 */
final class OpenScan {
    private OpenScan() {
    }

    /**
     * What the walk found and kept, and what it removed.
     *
     * @param bytes accounted bytes kept
     * @param entries entries kept
     * @param objects variants kept
     * @param expired variants removed as expired
     * @param corrupt heads removed for a failed checksum
     */
    record Tally(long bytes, long entries, long objects, int expired, int corrupt) { }

    /** Walks every entry of {@code map} once, then removes the orphan extents. */
    static Tally scan(ChronicleMap<byte[], byte[]> map, Extents extents, long now) {
        Map<Long, Integer> bodies = new HashMap<>();
        List<byte[]> extentKeys = new ArrayList<>();
        List<Long> extentSizes = new ArrayList<>();
        long[] kept = {0, 0, 0};
        int[] removed = {0, 0};
        map.forEachEntry(e -> {
            long keySize = e.key().size();
            if (keySize == EntryCodec.DIGEST_BYTES) {
                byte[] hv = e.value().get().clone();
                Head head = EntryCodec.decodeHead(hv, false);
                if (head == null) {
                    removed[1]++;
                    e.doRemove();
                } else if (head.expires() <= now) {
                    removed[0] += head.variants().size();
                    e.doRemove();
                } else {
                    for (Variant v : head.variants()) {
                        if (v.inExtents()) {
                            bodies.put(v.bodyId(), v.extentCount());
                        }
                    }
                    kept[0] += OffHeapStore.cost(keySize, hv.length);
                    kept[1]++;
                    kept[2] += head.variants().size();
                }
            } else if (keySize == EntryCodec.EXTENT_KEY_BYTES) {
                extentKeys.add(e.key().get().clone());
                extentSizes.add(e.value().size());
            } else if (EntryCodec.isStateKey(e.key().get())) {
                kept[0] += OffHeapStore.cost(keySize, e.value().size());
                kept[1]++;
            } else {
                e.doRemove();
            }
        });
        for (int i = 0; i < extentKeys.size(); i++) {
            byte[] k = extentKeys.get(i);
            Integer count = bodies.get(EntryCodec.extentObjectId(k));
            if (count == null || EntryCodec.extentIndex(k) >= count) {
                extents.removeSized(k);
            } else {
                kept[0] += OffHeapStore.cost(k.length, extentSizes.get(i));
                kept[1]++;
            }
        }
        return new Tally(kept[0], kept[1], kept[2], removed[0], removed[1]);
    }
}
