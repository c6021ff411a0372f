package io.lacquer.front.sticky;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads and rewrites one cookie in raw {@code Cookie} request header values, leaving the other
 * cookies as they were sent.
 */
public final class CookieHeader {
    private CookieHeader() {
    }

    /** Returns the value of cookie {@code name} in the header values, or null. */
    public static @Nullable String find(@Nullable Iterable<String> headerValues, String name) {
        if (headerValues == null) {
            return null;
        }
        for (String header : headerValues) {
            int from = 0;
            int len = header.length();
            while (from < len) {
                int semi = header.indexOf(';', from);
                int end = semi < 0 ? len : semi;
                int start = from;
                while (start < end && header.charAt(start) == ' ') {
                    start++;
                }
                int eq = header.indexOf('=', start);
                if (eq > 0 && eq < end && end - start > name.length() && header.startsWith(name, start)
                        && eq == start + name.length()) {
                    return header.substring(eq + 1, end).trim();
                }
                from = end + 1;
            }
        }
        return null;
    }

    /**
     * Rewrites cookie {@code name} in one header value: {@code newValue} replaces its value, or a
     * null {@code newValue} removes it. Returns null when no cookie is left.
     */
    public static @Nullable String rewrite(String header, String name, @Nullable String newValue) {
        List<String> kept = new ArrayList<>();
        for (String part : header.split(";")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            if (p.startsWith(name + "=")) {
                if (newValue != null) {
                    kept.add(name + "=" + newValue);
                }
            } else {
                kept.add(p);
            }
        }
        return kept.isEmpty() ? null : String.join("; ", kept);
    }
}
