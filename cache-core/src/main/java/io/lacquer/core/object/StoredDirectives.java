package io.lacquer.core.object;

import io.lacquer.storage.StoredObject;

/** Cache directives read back from a stored response, on the rare paths that need them. */
public final class StoredDirectives {
    private StoredDirectives() {
    }

    /** The stored response's Cache-Control, all lines joined, or null. */
    public static CacheControl cacheControl(StoredObject o) {
        StringBuilder sb = null;
        for (StoredObject.Header h : o.headers()) {
            if (h.name().equalsIgnoreCase("Cache-Control")) {
                sb = sb == null ? new StringBuilder(h.value()) : sb.append(", ").append(h.value());
            }
        }
        return CacheControl.parse(sb == null ? null : sb.toString());
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
