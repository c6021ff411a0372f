package io.lacquer.front.acl;

import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The parts of an HTTP request that ACLs and balancers read; a view so both can be tested
 * without a server.
 */
public interface RequestView {
    /** The request method, e.g. {@code GET}. */
    String method();

    /** The decoded path without the query string. */
    String path();

    /** The query string without {@code ?}, or an empty string. */
    String query();

    /** The path and query as sent by the client. */
    String uri();

    /** The protocol, e.g. {@code HTTP/1.1}. */
    String protocol();

    /** Every value of the header, split on commas as HAProxy's {@code hdr()} does; empty if absent. */
    List<String> headerValues(String name);

    /** The client's address. */
    InetAddress source();

    /** The value of the named request cookie, or null. */
    @Nullable String cookie(String name);

    /** The value of the named query-string parameter, or null. */
    default @Nullable String urlParam(String name) {
        String q = query();
        if (q == null || q.isEmpty()) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }
}
