package io.lacquer.core.hash;

import io.lacquer.core.fetch.BusyObject;
import io.lacquer.storage.StoredObject;

/**
 * What a lookup found.
 *
 * @param kind the outcome
 * @param object the stored object for HIT and GRACE, the hit-for-* marker, or, for a miss, the
 *               stale stored response the fetch may revalidate (null when there is none)
 * @param busy the fetch to read from (HIT on a streaming object), wait on (BUSY) or run (MISS), else null
 */
public record Lookup(Kind kind, StoredObject object, BusyObject busy) {
    /** The outcomes of a lookup. */
    public enum Kind {
        /** A fresh stored object, or one still streaming in ({@code busy} set). */
        HIT,
        /** A stale object within grace; a background refresh may be started. */
        GRACE,
        /** Nothing usable; this request owns the fetch in {@code busy}. */
        MISS,
        /** Nothing usable, and someone else's uncacheable fetch is under way: fetch without coalescing. */
        MISS_ALONE,
        /** A hit-for-miss marker: fetch without coalescing. */
        HIT_MISS,
        /** A hit-for-pass marker: pass. */
        HIT_PASS,
        /** Another request is fetching this object: wait on {@code busy}. */
        BUSY
    }
}
