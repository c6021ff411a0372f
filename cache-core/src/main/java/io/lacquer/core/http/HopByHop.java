package io.lacquer.core.http;

import java.util.Locale;
import java.util.Set;

/**
 * The header rules of Varnish's {@code http_headers.h}: which fields never cross the cache from
 * client to backend, and which are dropped on a miss but kept on a pass.
 */
public final class HopByHop {
    /**
     * Connection-specific fields (RFC 9110 §7.6.1), never forwarded in either direction; with them
     * Expect, which the node answers itself (varnishd unsets it before vcl_recv).
     */
    private static final Set<String> HOP = Set.of("connection", "keep-alive", "proxy-connection", "te", "trailer",
            "transfer-encoding", "upgrade", "http2-settings", "proxy-authenticate", "proxy-authorization", "expect");

    /** Fields dropped from a cache fill (miss): the fetch is for the whole, unconditional object. */
    private static final Set<String> MISS_ONLY = Set.of("cache-control", "if-match", "if-modified-since",
            "if-none-match", "if-range", "if-unmodified-since", "range", "content-range", "accept-ranges");

    private HopByHop() {
    }

    /** Whether {@code name} is connection-specific. */
    public static boolean isHopByHop(String name) {
        return HOP.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code name} is left out of a backend request made for a miss. */
    public static boolean isDroppedOnMiss(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return HOP.contains(n) || MISS_ONLY.contains(n);
    }

    /** Whether {@code name} is left out of a backend request made for a pass. */
    public static boolean isDroppedOnPass(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return HOP.contains(n) || n.equals("accept-ranges");
    }

    /** The field names listed in a Connection header value (RFC 9110 §7.6.1), lower case. */
    public static Set<String> listedIn(String connection) {
        if (connection == null || connection.isBlank()) {
            return Set.of();
        }
        java.util.HashSet<String> out = new java.util.HashSet<>();
        for (String t : connection.split(",")) {
            String n = t.trim().toLowerCase(Locale.ROOT);
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        return out;
    }
}
