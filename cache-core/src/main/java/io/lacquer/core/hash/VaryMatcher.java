package io.lacquer.core.hash;

import io.lacquer.core.http.HeaderFields;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Vary handling (RFC 9111 §4.1): which request header values a stored response was selected by,
 * and whether a new request selects it too. Values are compared after joining repeated fields
 * and trimming, so {@code a,b} and {@code a, b} select the same variant.
 */
public final class VaryMatcher {
    /** Stands for "the request did not have this header". */
    static final String ABSENT = "\u0000";

    private VaryMatcher() {
    }

    /** The field names listed in Vary, lower case; null when the response has no Vary. */
    public static List<String> names(String vary) {
        if (vary == null || vary.isBlank()) {
            return null;
        }
        List<String> out = new ArrayList<>(2);
        for (String n : vary.split(",")) {
            String t = n.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out.isEmpty() ? null : out;
    }

    /** The request's values for {@code names}, the variant key to store; null when {@code names} is null. */
    public static List<String> select(List<String> names, HeaderFields request) {
        if (names == null) {
            return null;
        }
        List<String> out = new ArrayList<>(names.size());
        for (String n : names) {
            out.add(normalise(request.joined(n)));
        }
        return out;
    }

    /** Whether a request with {@code request} headers selects a variant stored with {@code vary} and {@code variant}. */
    public static boolean matches(String vary, List<String> variant, HeaderFields request) {
        List<String> names = names(vary);
        if (names == null) {
            return true;
        }
        if (names.contains("*") || variant == null || variant.size() != names.size()) {
            return false;
        }
        for (int i = 0; i < names.size(); i++) {
            if (!variant.get(i).equals(normalise(request.joined(names.get(i))))) {
                return false;
            }
        }
        return true;
    }

    private static String normalise(String value) {
        if (value == null) {
            return ABSENT;
        }
        StringBuilder sb = new StringBuilder(value.length());
        for (String part : value.split(",")) {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(part.trim());
        }
        return sb.toString();
    }
}
