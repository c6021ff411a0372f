package io.lacquer.core.object;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.http.HeaderFields;
import io.undertow.util.DateUtils;

import java.util.Date;

/**
 * The lifetime Varnish's core gives a backend response before {@code vcl_backend_response} runs
 * (reference §1.3): ttl from s-maxage, max-age, Expires or {@code default_ttl}; grace from
 * stale-while-revalidate or {@code default_grace}; keep from {@code default_keep}.
 *
 * <p>All durations are seconds counted from the response's origin time ({@code now - Age}), so
 * the time left fresh is {@code ttl - age}. A ttl of -1 means "not cacheable" (the builtin policy
 * turns that into hit-for-miss).
 *
 * @param age the Age the backend reported, seconds
 * @param ttl time to live from the origin time, seconds; -1 when the response is not cacheable
 * @param grace grace, seconds
 * @param keep keep, seconds
 */
public record Freshness(double age, double ttl, double grace, double keep) {
    /** Clock skew tolerated between our clock and the backend's Date, seconds (varnishd's clock_skew). */
    private static final long CLOCK_SKEW = 10;

    /** Computes the lifetime of a response with {@code status} and {@code headers} received at {@code nowMillis}. */
    public static Freshness of(int status, HeaderFields headers, long nowMillis, Params params) {
        double age = age(headers.joined("Age"));
        double ttl = switch (status) {
            case 200, 203, 204, 300, 301, 304, 404, 410, 414 -> ttl(headers, nowMillis, age, params.get(Param.DEFAULT_TTL));
            case 302, 307 -> ttl(headers, nowMillis, age, -1);
            default -> -1;
        };
        double grace = params.get(Param.DEFAULT_GRACE);
        CacheControl cc = CacheControl.parse(headers.joined("Cache-Control"));
        long swr = cc.seconds("stale-while-revalidate");
        if (ttl >= 0 && swr >= 0) {
            grace = swr;
        }
        return new Freshness(age, ttl, grace, params.get(Param.DEFAULT_KEEP));
    }

    private static double ttl(HeaderFields headers, long nowMillis, double age, double fallback) {
        CacheControl cc = CacheControl.parse(headers.joined("Cache-Control"));
        long maxAge = cc.seconds("s-maxage");
        if (maxAge < 0) {
            maxAge = cc.seconds("max-age");
        }
        if (maxAge >= 0) {
            return maxAge;
        }
        String expiresText = headers.get("Expires");
        if (expiresText == null) {
            return fallback;
        }
        Date expires = DateUtils.parseDate(expiresText.trim());
        if (expires == null) {
            return 0;
        }
        long now = nowMillis / 1000;
        long exp = expires.getTime() / 1000;
        String dateText = headers.get("Date");
        Date date = dateText == null ? null : DateUtils.parseDate(dateText.trim());
        if (date != null && exp < date.getTime() / 1000) {
            return 0;
        }
        double left;
        if (date == null || Math.abs(date.getTime() / 1000 - now) <= CLOCK_SKEW) {
            left = exp - now;
        } else {
            left = exp - date.getTime() / 1000;
        }
        return Math.max(0, left) + age;
    }

    private static double age(String value) {
        if (value == null) {
            return 0;
        }
        String v = value.split(",")[0].trim();
        if (v.isEmpty() || v.length() > 10) {
            return v.isEmpty() ? 0 : Integer.MAX_VALUE;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return 0;
            }
        }
        return Long.parseLong(v);
    }
}
