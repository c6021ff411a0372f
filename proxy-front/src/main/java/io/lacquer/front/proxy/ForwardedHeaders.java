package io.lacquer.front.proxy;

import io.lacquer.front.config.ForwardFor;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.jspecify.annotations.Nullable;

/**
 * The forwarded header HAProxy 2.6 adds to a request: with {@code option forwardfor} on the
 * frontend or the backend, one more header line carries the client's address. The client's own
 * {@code X-Forwarded-*} headers pass unchanged, and no other is added.
 */
final class ForwardedHeaders {
    /*
     * As in HAProxy: the header's name is the backend's if the backend has the option, else the
     * frontend's; `if-none` holds only when every side that sets the option says it; a client
     * inside either side's `except` network gets nothing; the address goes on a header line of
     * its own after the others, so servers should read the last occurrence.
     */

    private ForwardedHeaders() {
    }

    /**
     * Adds the forwarded header to {@code out}, the request about to be sent for {@code exchange}.
     *
     * @param front the frontend's {@code option forwardfor}, or null
     * @param back the backend's {@code option forwardfor}, or null
     */
    static void apply(HeaderMap out, HttpServerExchange exchange, @Nullable ForwardFor front,
            @Nullable ForwardFor back) {
        if (front == null && back == null) {
            return;
        }
        ForwardFor named = back != null ? back : front;
        HttpString name = named.header().equalsIgnoreCase(ForwardFor.DEFAULT_HEADER) ? Headers.X_FORWARDED_FOR
                : HttpString.tryFromString(named.header());
        boolean ifNone = (front == null || front.ifNone()) && (back == null || back.ifNone());
        if (ifNone && out.contains(name)) {
            return;
        }
        InetAddress client = ((InetSocketAddress) exchange.getSourceAddress()).getAddress();
        if (excepted(front, client) || excepted(back, client)) {
            return;
        }
        out.add(name, text(client));
    }

    private static boolean excepted(@Nullable ForwardFor f, InetAddress client) {
        return f != null && f.except() != null && f.except().contains(client);
    }

    /* The address as inet_ntop writes it: dotted IPv4, or IPv6 with the longest run of zero groups as "::". */
    static String text(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append(i == 0 ? "::" : ":");
                i += bestLen - 1;
                continue;
            }
            sb.append(Integer.toHexString(g[i]));
            if (i < 7) {
                sb.append(':');
            }
        }
        return sb.toString();
    }
}
