package io.lacquer.core.object;

import io.lacquer.storage.StoredObject;

/** Cache directives read back from a stored response, on the rare paths that need them. */
public final class StoredDirectives {
    private StoredDirectives() {
    }

    /** Every value of a stored field joined with ", " (RFC 9110 §5.3), or null when absent. */
    public static String joined(StoredObject o, String name) {
        String first = null;
        StringBuilder sb = null;
        for (StoredObject.Header h : o.headers()) {
            if (h.name().equalsIgnoreCase(name)) {
                if (first == null) {
                    first = h.value();
                } else {
                    sb = (sb == null ? new StringBuilder(first) : sb).append(", ").append(h.value());
                }
            }
        }
        return sb != null ? sb.toString() : first;
    }

    /** The stored response's Cache-Control, all lines joined. */
    public static CacheControl cacheControl(StoredObject o) {
        return CacheControl.parse(joined(o, "Cache-Control"));
    }

    /**
     * Whether the response may never be served stale by a shared cache: must-revalidate,
     * proxy-revalidate, s-maxage (which implies proxy-revalidate) or no-cache (RFC 9111 §5.2.2).
     */
    public static boolean forbidsStale(StoredObject o) {
        CacheControl cc = cacheControl(o);
        return cc.has("must-revalidate") || cc.has("proxy-revalidate") || cc.has("s-maxage") || cc.has("no-cache");
    }
}
