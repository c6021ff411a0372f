package io.lacquer.core.fetch;

import io.lacquer.core.http.HeaderList;
import io.lacquer.core.http.HopByHop;
import io.lacquer.storage.StoredObject;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Revalidating a stored response (RFC 9111 §4.3): the conditional request made from its
 * validators, and the merge of a 304 answer into it (§3.2, §4.3.4).
 */
final class Revalidation {
    /** Fields a 304 never replaces: the stored body's own framing and coding stay as they are. */
    private static final Set<String> KEPT = Set.of("content-length", "content-encoding", "content-range",
            "transfer-encoding", "content-type");

    private Revalidation() {
    }

    /** Whether {@code stale} carries a validator a conditional request can use. */
    static boolean hasValidator(StoredObject stale) {
        return stale.header("ETag") != null || stale.header("Last-Modified") != null;
    }

    /** Adds If-None-Match and If-Modified-Since from {@code stale}'s validators to {@code bereq}. */
    static void makeConditional(HeaderList bereq, StoredObject stale) {
        String etag = stale.header("ETag");
        if (etag != null) {
            bereq.set("If-None-Match", etag);
        }
        String lastModified = stale.header("Last-Modified");
        if (lastModified != null) {
            bereq.set("If-Modified-Since", lastModified);
        }
    }

    /**
     * The stored response's header fields updated with those of a 304 (RFC 9111 §3.2): every field
     * the 304 carries replaces the stored field of that name, except hop-by-hop fields and the
     * fields that describe the stored body itself.
     */
    static HeaderList merge(StoredObject stale, HeaderList notModified) {
        Set<String> replaced = new LinkedHashSet<>();
        notModified.forEach((n, v) -> {
            String lower = n.toLowerCase(Locale.ROOT);
            if (!HopByHop.isHopByHop(n) && !KEPT.contains(lower)) {
                replaced.add(lower);
            }
        });
        HeaderList merged = new HeaderList();
        for (StoredObject.Header h : stale.headers()) {
            if (!replaced.contains(h.name().toLowerCase(Locale.ROOT))) {
                merged.add(h.name(), h.value());
            }
        }
        notModified.forEach((n, v) -> {
            if (replaced.contains(n.toLowerCase(Locale.ROOT))) {
                merged.add(n, v);
            }
        });
        return merged;
    }
}
