package io.lacquer.storage;

import io.lacquer.storage.EntryCodec.Head;
import io.lacquer.storage.EntryCodec.Variant;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The read-modify-write of a head, run by Chronicle under the key's segment lock: the new
 * variant goes in front, replacing the one with the same Vary values; expired variants go.
 */
final class HeadChange {
    private final HashKey key;
    private final Variant variant;
    /** When the change was made: variants expired by then are dropped. */
    final long now = System.currentTimeMillis();
    /** The old head's size, or -1 when there was none. */
    int oldBytes = -1;
    /** The new head's size. */
    int newBytes;
    /** Variants in the old head. */
    int oldCount;
    /** Variants in the new head. */
    int newCount;
    /** Whether the old head failed its checksum (and was replaced whole). */
    boolean oldCorrupt;
    /** The old variants the new head no longer has: replaced, expired, or pushed out by size. */
    final List<Variant> dropped = new ArrayList<>();

    /** A change putting {@code variant} under {@code key}. */
    HeadChange(HashKey key, Variant variant) {
        this.key = key;
        this.variant = variant;
    }

    /** The new head given the old one (null when none); a remapping function for {@code compute}. */
    byte[] apply(byte[] k, byte[] old) {
        dropped.clear();
        oldBytes = old == null ? -1 : old.length;
        oldCount = 0;
        oldCorrupt = false;
        List<Variant> next = new ArrayList<>();
        next.add(variant);
        if (old != null) {
            Head bare = EntryCodec.decodeHead(old, false);
            oldCorrupt = bare == null;
            if (bare != null) {
                oldCount = bare.variants().size();
                boolean keepsAny = false;
                for (Variant v : bare.variants()) {
                    keepsAny |= keeps(v);
                }
                Head full = keepsAny ? EntryCodec.decodeHead(old, true) : bare;
                for (Variant v : full.variants()) {
                    if (keeps(v)) {
                        next.add(v);
                    } else {
                        dropped.add(v);
                    }
                }
            }
        }
        byte[] encoded = EntryCodec.encodeHead(new Head(key, next));
        while (encoded.length > OffHeapStore.MAX_HEAD_BYTES && next.size() > 1) {
            dropped.add(next.remove(next.size() - 1));
            encoded = EntryCodec.encodeHead(new Head(key, next));
        }
        newBytes = encoded.length;
        newCount = next.size();
        return encoded;
    }

    private boolean keeps(Variant v) {
        return v.object().expires() > now && !Objects.equals(v.object().variant(), variant.object().variant());
    }
}
