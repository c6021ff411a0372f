package io.lacquer.storage;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import static java.util.Objects.requireNonNull;

/**
 * One stored response (one Vary variant): status line, headers, body and lifetime.
 *
 * <p>Times are epoch milliseconds. {@code origin} is when the response was generated at the origin
 * (receipt time less its Age), so the object's age at time {@code now} is {@code now - origin}.
 * The object is fresh while age &lt; ttl, may be served stale for {@code grace} more, and is kept
 * {@code keep} longer still as a candidate for revalidation.
 *
 * @param xid the id of the request that created the object (shown in {@code X-Varnish} on hits)
 * @param status the response status
 * @param reason the response reason phrase
 * @param headers the response header fields, in order (repeated names allowed)
 * @param variant the values of the request headers named by Vary, or null when the response has no Vary
 * @param body the body
 * @param origin when the response was generated, epoch ms
 * @param ttlMillis time to live
 * @param graceMillis how long it may be served stale after its ttl
 * @param keepMillis how long it is kept after grace, for revalidation only
 * @param kind whether this is a real object or a marker that remembers an uncacheable decision
 * @param stored when the object entered the cache, epoch ms (bans apply to objects stored before them)
 * @param hits how many times the object was delivered from cache (live, not part of its value)
 */
public record StoredObject(
        long xid,
        int status,
        String reason,
        List<Header> headers,
        List<String> variant,
        Body body,
        long origin,
        long ttlMillis,
        long graceMillis,
        long keepMillis,
        Kind kind,
        long stored,
        LongAdder hits) {

    /** What a stored entry stands for. */
    public enum Kind {
        /** A cacheable response, delivered on hits. */
        OBJECT,
        /** Hit-for-miss: lookups that find it go to a miss, without coalescing. */
        HIT_FOR_MISS,
        /** Hit-for-pass: lookups that find it go to a pass. */
        HIT_FOR_PASS
    }

    /** One header field. */
    public record Header(String name, String value) {
        /** A header field; neither part may be null. */
        public Header {
            requireNonNull(name, "name");
            requireNonNull(value, "value");
        }
    }

    /** An object stored now, with its hit count at zero. */
    public StoredObject(long xid, int status, String reason, List<Header> headers, List<String> variant, Body body,
                        long origin, long ttlMillis, long graceMillis, long keepMillis, Kind kind) {
        this(xid, status, reason, headers, variant, body, origin, ttlMillis, graceMillis, keepMillis, kind,
                System.currentTimeMillis(), null);
    }

    /** An object stored at {@code stored} (epoch ms), with its hit count at zero. */
    public StoredObject(long xid, int status, String reason, List<Header> headers, List<String> variant, Body body,
                        long origin, long ttlMillis, long graceMillis, long keepMillis, Kind kind, long stored) {
        this(xid, status, reason, headers, variant, body, origin, ttlMillis, graceMillis, keepMillis, kind, stored, null);
    }

    /** Checks the invariants. */
    public StoredObject {
        hits = hits == null ? new LongAdder() : hits;
        requireNonNull(reason, "reason");
        headers = List.copyOf(headers);
        variant = variant == null ? null : List.copyOf(variant);
        requireNonNull(body, "body");
        requireNonNull(kind, "kind");
        if (ttlMillis < 0 || graceMillis < 0 || keepMillis < 0) {
            throw new IllegalArgumentException("ttl/grace/keep: " + ttlMillis + "/" + graceMillis + "/"
                    + keepMillis + " ms (expected: >= 0)");
        }
    }

    /** This object with another body (same hit counter). */
    public StoredObject withBody(Body newBody) {
        return new StoredObject(xid, status, reason, headers, variant, newBody, origin, ttlMillis, graceMillis,
                keepMillis, kind, stored, hits);
    }

    /** When the object stops being fresh, epoch ms. */
    public long freshUntil() {
        return origin + ttlMillis;
    }

    /** When the object may no longer be served stale, epoch ms. */
    public long graceUntil() {
        return freshUntil() + graceMillis;
    }

    /** When the object leaves the store, epoch ms. */
    public long expires() {
        return graceUntil() + keepMillis;
    }

    /**
     * Whether {@code other} is this object or a copy of it (as a persistent store hands out): the
     * same creating request, origin time and Vary values.
     */
    public boolean sameAs(StoredObject other) {
        return other == this || other != null && xid == other.xid && origin == other.origin
                && java.util.Objects.equals(variant, other.variant);
    }

    /** The first value of a header, by case-insensitive name, or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                return h.value();
            }
        }
        return null;
    }

    /** Bytes this object weighs in a store: body plus an estimate of its headers and bookkeeping. */
    public long weight() {
        long w = 128 + body.length();
        for (Header h : headers) {
            w += 32 + h.name().length() + h.value().length();
        }
        return w;
    }
}
