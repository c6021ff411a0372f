package io.lacquer.core.object;

/**
 * A byte range a cache serves from a complete stored response (RFC 9110 §14): one range, as
 * {@code first-last}, {@code first-} or {@code -suffix}. Anything else (other units, several
 * ranges, syntax errors, a failed If-Range) is {@link #IGNORE}: the whole response is sent,
 * which the RFC allows.
 *
 * @param first the first byte, inclusive
 * @param last the last byte, inclusive
 * @param kind what to answer
 */
public record ByteRange(long first, long last, Kind kind) {
    /** What a Range header leads to. */
    public enum Kind { PARTIAL, UNSATISFIABLE, IGNORE }

    /** Send the whole response. */
    public static final ByteRange IGNORE = new ByteRange(0, -1, Kind.IGNORE);

    /**
     * The range {@code range} asks of a body of {@code length} bytes, considering {@code ifRange}
     * against the response's {@code etag} and {@code lastModified}.
     */
    public static ByteRange of(String range, String ifRange, String etag, String lastModified, long length) {
        if (range == null || !ifRangeHolds(ifRange, etag, lastModified)) {
            return IGNORE;
        }
        String r = range.trim();
        if (!r.regionMatches(true, 0, "bytes=", 0, 6)) {
            return IGNORE;
        }
        String spec = r.substring(6).trim();
        if (spec.contains(",")) {
            return IGNORE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return IGNORE;
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                long suffix = digits(b);
                if (suffix == 0 || length == 0) {
                    return new ByteRange(0, -1, Kind.UNSATISFIABLE);
                }
                return new ByteRange(Math.max(0, length - suffix), length - 1, Kind.PARTIAL);
            }
            long first = digits(a);
            long last = b.isEmpty() ? length - 1 : digits(b);
            if (last < first) {
                return IGNORE;
            }
            if (first >= length) {
                return new ByteRange(0, -1, Kind.UNSATISFIABLE);
            }
            return new ByteRange(first, Math.min(last, length - 1), Kind.PARTIAL);
        } catch (NumberFormatException e) {
            return IGNORE;
        }
    }

    /** The number of bytes in a partial range. */
    public long length() {
        return last - first + 1;
    }

    private static boolean ifRangeHolds(String ifRange, String etag, String lastModified) {
        if (ifRange == null) {
            return true;
        }
        String v = ifRange.trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            return Validators.strongMatch(v, etag);
        }
        long date = HttpDates.parse(v);
        return date != HttpDates.INVALID && lastModified != null && date == HttpDates.parse(lastModified);
    }

    private static long digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            throw new NumberFormatException(s);
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                throw new NumberFormatException(s);
            }
        }
        return Long.parseLong(s);
    }
}
