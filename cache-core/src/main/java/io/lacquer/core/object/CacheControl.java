package io.lacquer.core.object;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The directives of a Cache-Control (or CDN-Cache-Control) field value: lower-cased names, each
 * with its argument or null. The first occurrence of a directive wins.
 */
public final class CacheControl {
    private final Map<String, String> directives;

    private CacheControl(Map<String, String> directives) {
        this.directives = directives;
    }

    /** Parses a field value (all lines joined with commas); null gives no directives. */
    public static CacheControl parse(String value) {
        Map<String, String> out = new HashMap<>();
        if (value == null) {
            return new CacheControl(out);
        }
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

    /**
     * A delta-seconds argument (RFC 9111 §1.2.2), or -1 when absent or not a number. Values too
     * large for an int are taken as 2^31 seconds.
     */
    public long seconds(String name) {
        String v = directives.get(name);
        if (v == null || v.isEmpty()) {
            return -1;
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < '0' || v.charAt(i) > '9') {
                return -1;
            }
        }
        return v.length() > 10 ? Integer.MAX_VALUE + 1L : Math.min(Long.parseLong(v), Integer.MAX_VALUE + 1L);
    }
}
