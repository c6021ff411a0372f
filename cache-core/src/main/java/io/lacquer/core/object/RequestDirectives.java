package io.lacquer.core.object;

import io.lacquer.core.http.HeaderFields;

/**
 * What a client's request asks of the cache (RFC 9111 §5.2.1, and Pragma per §5.4). Unknown
 * directives and Pragma extensions are ignored. Durations are seconds; -1 means absent.
 *
 * @param maxAge the oldest response acceptable, or -1
 * @param maxStale how stale a response may be: -1 absent, {@code Long.MAX_VALUE} for "any"
 * @param minFresh how much freshness must be left, or -1
 * @param noCache a stored response may not be used without revalidation
 * @param noStore nothing of this exchange may be stored
 * @param onlyIfCached answer from the cache or with 504, never from the origin
 * @param staleIfError how long past its freshness a stored response may stand in for an error (RFC 5861), or -1
 */
public record RequestDirectives(long maxAge, long maxStale, long minFresh, boolean noCache, boolean noStore,
                                boolean onlyIfCached, long staleIfError) {
    /** A request that asks for nothing. */
    public static final RequestDirectives NONE = new RequestDirectives(-1, -1, -1, false, false, false, -1);

    /** The directives of a request with these headers. */
    public static RequestDirectives of(HeaderFields headers) {
        String cc = headers.get("Cache-Control") == null ? null : headers.joined("Cache-Control");
        if (cc == null) {
            String pragma = headers.joined("Pragma");
            if (pragma != null && CacheControl.parse(pragma).has("no-cache")) {
                return new RequestDirectives(-1, -1, -1, true, false, false, -1);
            }
            return NONE;
        }
        CacheControl d = CacheControl.parse(cc);
        long maxStale = -1;
        if (d.has("max-stale")) {
            long s = d.seconds("max-stale");
            maxStale = d.argument("max-stale") == null ? Long.MAX_VALUE : Math.max(-1, s);
        }
        return new RequestDirectives(Math.max(-1, d.seconds("max-age")), maxStale, Math.max(-1, d.seconds("min-fresh")),
                d.has("no-cache"), d.has("no-store"), d.has("only-if-cached"), Math.max(-1, d.seconds("stale-if-error")));
    }

    /** Whether this asks anything that narrows which stored responses may be used. */
    public boolean constrains() {
        return maxAge >= 0 || minFresh >= 0 || noCache;
    }
}
