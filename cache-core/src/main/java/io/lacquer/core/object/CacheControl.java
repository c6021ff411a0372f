package io.lacquer.core.object;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The directives of a Cache-Control (or CDN-Cache-Control) field value (RFC 9111 §5.2): lower-cased
 * names, each with its argument or null. When a directive appears more than once, the first
 * occurrence counts (RFC 9111 §4.2.1 allows either that or treating the response as stale).
 * Unknown directives are kept and ignored by callers.
 */
public final class CacheControl {
    /** {@link #seconds} for a directive that is absent. */
    public static final long ABSENT = -1;
    /** {@link #seconds} for a directive whose argument is not a valid delta-seconds. */
    public static final long INVALID = -2;
    /** The value RFC 9111 §1.2.2 says to use for a delta-seconds too large to represent. */
    public static final long MAX_DELTA = 2_147_483_648L;

    private static final CacheControl NONE = new CacheControl(Map.of());

    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /** Parses a field value (all lines joined with commas); null gives no directives. */
    public static CacheControl parse(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        Map<String, String> out = new HashMap<>();
        int i = 0;
        int n = value.length();
        while (i < n) {
            int start = i;
            while (i < n && value.charAt(i) != ',' && value.charAt(i) != '=') {
                i++;
            }
            String name = value.substring(start, i).trim().toLowerCase(Locale.ROOT);
            String arg = null;
            if (i < n && value.charAt(i) == '=') {
                i++;
                while (i < n && value.charAt(i) == ' ') {
                    i++;
                }
                if (i < n && value.charAt(i) == '"') {
                    StringBuilder sb = new StringBuilder();
                    i++;
                    while (i < n && value.charAt(i) != '"') {
                        if (value.charAt(i) == '\\' && i + 1 < n) {
                            i++;
                        }
                        sb.append(value.charAt(i++));
                    }
                    i++;
                    arg = sb.toString();
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                } else {
                    int s = i;
                    while (i < n && value.charAt(i) != ',') {
                        i++;
                    }
                    arg = value.substring(s, i).trim();
                }
            }
            i++;
            if (!name.isEmpty()) {
                out.putIfAbsent(name, arg);
            }
        }
        return new CacheControl(out);
    }

    /** Whether the directive is present. */
    public boolean has(String name) {
        return directives.containsKey(name);
    }

    /** The directive's argument, or null when it has none or is absent. */
    public String argument(String name) {
        return directives.get(name);
    }

    /**
     * A lifetime in seconds as milliseconds, at most {@link #MAX_DELTA} seconds: a longer one set by
     * a parameter or a policy is taken as 2^31 s, as RFC 9111 §1.2.2 takes a larger delta-seconds,
     * so that adding it to a time cannot overflow.
     */
    public static long millis(double seconds) {
        return Math.round(Math.min(seconds, MAX_DELTA) * 1000);
    }

    /**
     * A delta-seconds argument (RFC 9111 §1.2.2): {@link #ABSENT}, {@link #INVALID} (no argument,
     * a sign, a fraction or any other junk), or the value with leading zeros allowed and anything
     * past 2^31 taken as 2^31.
     */
    public long seconds(String name) {
        if (!directives.containsKey(name)) {
            return ABSENT;
        }
        String v = directives.get(name);
        if (v == null || v.isEmpty()) {
            return INVALID;
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return INVALID;
            }
            n = Math.min(MAX_DELTA, n * 10 + (c - '0'));
        }
        return n;
    }
}
