package io.lacquer.front.route;

import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.util.List;

/**
 * Removes the hop-by-hop headers of RFC 9110 section 7.6.1 from a request before it is forwarded
 * and from a server's response before it reaches the client; message framing
 * ({@code Content-Length}, {@code Transfer-Encoding}) is left to the HTTP layer.
 */
public final class HopByHopHeaders {
    private static final List<HttpString> FIXED = List.of(Headers.CONNECTION, Headers.KEEP_ALIVE,
            new HttpString("Proxy-Connection"), Headers.TE, Headers.TRAILER, Headers.UPGRADE,
            new HttpString("HTTP2-Settings"));

    private HopByHopHeaders() {
    }

    /**
     * Strips the fixed hop-by-hop headers and those the {@code Connection} header names: from a
     * request before it goes to a server, and from a server's response before it goes to the
     * client, so a server closing its own connection ({@code Connection: close}) does not close
     * the client's.
     */
    public static void strip(HeaderMap headers) {
        HeaderValues connection = headers.get(Headers.CONNECTION);
        if (connection != null) {
            for (String v : connection) {
                if (v.equalsIgnoreCase("keep-alive") || v.equalsIgnoreCase("close")) {
                    // by far the most common values, and they name no header
                    continue;
                }
                for (String token : v.split(",")) {
                    String t = token.trim();
                    if (!t.isEmpty() && !t.equalsIgnoreCase("close") && !t.equalsIgnoreCase("keep-alive")
                            && !t.equalsIgnoreCase("content-length") && !t.equalsIgnoreCase("transfer-encoding")) {
                        headers.remove(t);
                    }
                }
            }
        }
        for (HttpString h : FIXED) {
            headers.remove(h);
        }
    }
}
