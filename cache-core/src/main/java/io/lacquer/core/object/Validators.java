package io.lacquer.core.object;

/**
 * Client conditionals a cache answers itself (RFC 9110 §13.1.1–13.1.3, RFC 9111 §4.3.2):
 * If-None-Match by weak comparison, else If-Modified-Since against Last-Modified (or Date when
 * the response has none). Only for GET and HEAD; the caller checks the method.
 */
public final class Validators {
    private Validators() {
    }

    /**
     * Whether a request with {@code ifNoneMatch} and {@code ifModifiedSince} (either may be null)
     * is answered 304 by a response with these validators.
     */
    public static boolean notModified(String ifNoneMatch, String ifModifiedSince, String etag, String lastModified,
                                      String date) {
        if (ifNoneMatch != null) {
            if (ifNoneMatch.trim().equals("*")) {
                return true;
            }
            if (etag == null) {
                return false;
            }
            String tag = opaque(etag.trim());
            for (String candidate : splitTags(ifNoneMatch)) {
                if (opaque(candidate).equals(tag)) {
                    return true;
                }
            }
            return false;
        }
        if (ifModifiedSince == null) {
            return false;
        }
        long since = HttpDates.parse(ifModifiedSince);
        long modified = HttpDates.parse(lastModified != null ? lastModified : date);
        return since != HttpDates.INVALID && modified != HttpDates.INVALID && modified <= since;
    }

    /** Whether two entity-tags are the same by strong comparison (neither weak, same opaque tag). */
    public static boolean strongMatch(String a, String b) {
        return a != null && b != null && !a.trim().startsWith("W/") && !b.trim().startsWith("W/") && a.trim().equals(b.trim());
    }

    /** The entity-tag without its weakness indicator: weak comparison compares these. */
    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /** The entity-tags of a list, honouring commas inside quotes. */
    private static java.util.List<String> splitTags(String list) {
        java.util.List<String> out = new java.util.ArrayList<>();
        StringBuilder sb = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(sb.toString().trim());
                sb.setLength(0);
            } else {
                sb.append(c);
            }
        }
        out.add(sb.toString().trim());
        return out;
    }
}
