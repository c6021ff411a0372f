package io.lacquer.core.fetch;

import io.lacquer.core.hash.HashInput;
import io.lacquer.core.hash.HashTable;
import io.lacquer.core.http.HeaderFields;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Invalidation after an unsafe request (RFC 9111 §4.4): a non-error answer to POST, PUT, DELETE or
 * any method not known to be safe removes the stored responses for the target URI and for the
 * same-origin URIs in Location and Content-Location. Keys are made as the builtin {@code vcl_hash}
 * makes them (URL, then Host); a policy that hashes other inputs must purge those itself.
 */
final class Invalidation {
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private Invalidation() {
    }

    /** Whether an answer with {@code status} to a {@code method} request invalidates (2xx or 3xx to an unsafe method). */
    static boolean applies(String method, int status) {
        return !SAFE.contains(method) && status >= 200 && status < 400;
    }

    /** Removes what the answer invalidates; returns how many objects went. */
    static int apply(HashTable table, String url, String host, HeaderFields response) {
        if (host == null) {
            return 0;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int removed = table.purge(key(url, h));
        for (String field : new String[] {"Location", "Content-Location"}) {
            String path = sameOriginPath(response.get(field), h);
            if (path != null && !path.equals(url)) {
                removed += table.purge(key(path, h));
            }
        }
        return removed;
    }

    /** The path and query of {@code reference} if it points into {@code host}, else null. */
    static String sameOriginPath(String reference, String host) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        try {
            URI uri = URI.create(reference.trim());
            if (uri.isAbsolute()) {
                String authority = uri.getRawAuthority();
                if (authority == null || !authority.toLowerCase(Locale.ROOT).equals(host)) {
                    return null;
                }
            } else if (!reference.startsWith("/")) {
                return null;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static io.lacquer.storage.HashKey key(String url, String host) {
        HashInput in = new HashInput();
        in.add(url);
        in.add(host);
        return in.finish();
    }
}
