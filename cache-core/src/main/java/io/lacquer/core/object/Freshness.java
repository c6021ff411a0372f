package io.lacquer.core.object;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.http.HeaderFields;

import java.util.Set;

/**
 * The lifetime the engine gives a backend response before {@code vcl_backend_response} runs,
 * per RFC 9111 §4.2, with Varnish's parameters for what the RFC leaves to configuration.
 *
 * <ul>
 *   <li><b>Age</b> (§4.2.3): {@code max(apparent_age, Age + response_delay)}; the response's origin
 *       time is its receipt less that age.</li>
 *   <li><b>Lifetime</b> (§4.2.1): s-maxage, else max-age, else Expires − Date. A directive that is
 *       present but not a valid delta-seconds makes the response stale (lifetime 0); an invalid
 *       Expires too. {@code no-cache} makes it 0: stored, but revalidated before every use.</li>
 *   <li><b>Without explicit freshness</b>: the statuses varnishd gives {@code default_ttl}
 *       (200, 203, 204, 300, 301, 304, 404, 410, 414) get {@code max(default_ttl, heuristic)};
 *       the other heuristically cacheable statuses of RFC 9110 §15.1 (206, 308, 405, 501), and any
 *       status marked {@code public}, get the heuristic only (§4.2.2: 10 % of the time since
 *       Last-Modified, and nothing without Last-Modified). Everything else gets -1: not cacheable.</li>
 *   <li><b>Grace</b>: stale-while-revalidate (RFC 5861) when given, else {@code default_grace};
 *       none at all when must-revalidate, proxy-revalidate, s-maxage or no-cache forbid serving
 *       stale (§5.2.2.2, .8, .10, .4).</li>
 *   <li><b>Keep</b>: {@code default_keep}, stretched to stale-if-error so that the stale object is
 *       still there when an error allows it (RFC 5861 §4).</li>
 * </ul>
 * CDN-Cache-Control (RFC 9213) replaces Cache-Control for all of this when present, unless the
 * {@code cdn_cache_control} parameter is off.
 *
 * @param age the response's age on receipt, seconds
 * @param ttl the freshness lifetime counted from the origin time, seconds; -1 when not cacheable
 * @param grace how long it may be served stale, seconds
 * @param keep how long it is kept after grace for revalidation, seconds
 */
public record Freshness(double age, double ttl, double grace, double keep) {
    private static final Set<Integer> DEFAULT_TTL_STATUSES = Set.of(200, 203, 204, 300, 301, 304, 404, 410, 414);
    private static final Set<Integer> HEURISTIC_STATUSES = Set.of(200, 203, 204, 206, 300, 301, 308, 404, 405, 410, 414, 501);
    private static final double HEURISTIC_FRACTION = 0.1;

    /**
     * The lifetime of a response with {@code status} and {@code headers}, whose request was sent at
     * {@code requestMillis} and which arrived at {@code responseMillis}.
     */
    public static Freshness of(int status, HeaderFields headers, long requestMillis, long responseMillis, Params params) {
        CacheControl cc = effective(headers, params);
        long date = HttpDates.parse(headers.get("Date"));
        if (date == HttpDates.INVALID) {
            date = responseMillis;
        }
        double apparentAge = Math.max(0, responseMillis - date) / 1000.0;
        double correctedAge = ageValue(headers) + Math.max(0, responseMillis - requestMillis) / 1000.0;
        double age = Math.max(apparentAge, correctedAge);

        double ttl = lifetime(status, headers, cc, date, params);
        boolean noStale = cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("s-maxage") || cc.has("no-cache");
        double grace = 0;
        if (!noStale) {
            long swr = cc.seconds("stale-while-revalidate");
            grace = swr >= 0 ? swr : params.get(Param.DEFAULT_GRACE);
        }
        double keep = params.get(Param.DEFAULT_KEEP);
        long sie = cc.seconds("stale-if-error");
        if (!noStale && sie > 0) {
            keep = Math.max(keep, sie - grace);
        }
        return new Freshness(age, ttl, grace, keep);
    }

    /** Whether a response to a request with Authorization may be stored by a shared cache (RFC 9111 §3.5). */
    public static boolean allowsSharingAuthorized(CacheControl cc) {
        return cc.has("public") || cc.has("must-revalidate") || cc.has("s-maxage");
    }

    /** The cache directives that apply to this cache: CDN-Cache-Control when present and honoured, else Cache-Control. */
    public static CacheControl effective(HeaderFields headers, Params params) {
        if (params.get(Param.CDN_CACHE_CONTROL) != 0) {
            String cdn = headers.joined("CDN-Cache-Control");
            if (cdn != null) {
                return CacheControl.parse(cdn);
            }
        }
        return CacheControl.parse(headers.joined("Cache-Control"));
    }

    private static double lifetime(int status, HeaderFields headers, CacheControl cc, long date, Params params) {
        if (status < 200 || status == 206 || status == 304) {
            // interim, partial and stray 304 responses are never stored as objects
            return -1;
        }
        if (cc.has("no-cache") && cc.argument("no-cache") == null) {
            return 0;
        }
        long sMaxAge = cc.seconds("s-maxage");
        if (sMaxAge != CacheControl.ABSENT) {
            return Math.max(0, sMaxAge);
        }
        long maxAge = cc.seconds("max-age");
        if (maxAge != CacheControl.ABSENT) {
            return Math.max(0, maxAge);
        }
        if (headers.contains("Expires")) {
            long expires = HttpDates.parse(headers.joined("Expires"));
            return expires == HttpDates.INVALID ? 0 : Math.max(0, (expires - date) / 1000.0);
        }
        double heuristic = heuristic(headers, date);
        if (DEFAULT_TTL_STATUSES.contains(status)) {
            return Math.max(params.get(Param.DEFAULT_TTL), Math.max(0, heuristic));
        }
        if (HEURISTIC_STATUSES.contains(status) || cc.has("public")) {
            return heuristic;
        }
        return -1;
    }

    /** 10 % of the time between Last-Modified and Date, or -1 without a usable Last-Modified. */
    private static double heuristic(HeaderFields headers, long date) {
        long lastModified = HttpDates.parse(headers.get("Last-Modified"));
        if (lastModified == HttpDates.INVALID || lastModified > date) {
            return -1;
        }
        return Math.floor(HEURISTIC_FRACTION * (date - lastModified) / 1000.0);
    }

    /** The Age field's delta-seconds (the first line counts); 0 when absent or invalid. */
    private static long ageValue(HeaderFields headers) {
        String value = headers.get("Age");
        if (value == null) {
            return 0;
        }
        long age = CacheControl.parse("age=" + value.split(",")[0].trim()).seconds("age");
        return Math.max(0, age);
    }
}
