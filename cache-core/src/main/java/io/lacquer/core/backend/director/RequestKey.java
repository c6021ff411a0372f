package io.lacquer.core.backend.director;

import io.lacquer.core.vcl.ReqView;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * What a hashing director picks by: a string taken from the request, such as its URL, a header,
 * a cookie or {@code client.identity}. Written in policies as a VCL expression
 * ({@code req.url}, {@code req.http.X-Session}, {@code req.http.Cookie:SESSION}, {@code client.identity}).
 */
@FunctionalInterface
public interface RequestKey {
    /** The key of {@code req}, or "" when the request has none (a background fetch has no request). */
    String of(ReqView req);

    /**
     * Parses a key expression: {@code req.url}, {@code client.identity}, {@code client.ip},
     * {@code req.http.<name>} or {@code req.http.Cookie:<cookie>}. Throws IllegalArgumentException.
     */
    static RequestKey parse(String expression) {
        requireNonNull(expression, "expression");
        String e = expression.trim();
        String lower = e.toLowerCase(Locale.ROOT);
        if (lower.equals("req.url")) {
            return req -> req == null ? "" : req.url();
        }
        if (lower.equals("client.identity")) {
            return req -> req == null ? "" : req.clientIdentity();
        }
        if (lower.equals("client.ip")) {
            return req -> req == null ? "" : req.clientIp();
        }
        if (lower.startsWith("req.http.") && e.length() > 9) {
            String field = e.substring(9);
            int colon = field.indexOf(':');
            if (colon > 0 && field.substring(0, colon).equalsIgnoreCase("cookie")) {
                String cookie = field.substring(colon + 1);
                return req -> {
                    String v = req == null ? null : cookie(req.http().joined("Cookie"), cookie);
                    return v == null ? "" : v;
                };
            }
            return req -> {
                String v = req == null ? null : req.http().joined(field);
                return v == null ? "" : v;
            };
        }
        throw new IllegalArgumentException("key \"" + expression
                + "\" (expected: req.url, client.identity, client.ip, req.http.<name> or req.http.Cookie:<name>)");
    }

    /** The value of cookie {@code name} in a Cookie header, or null (RFC 6265 §5.4 pairs). */
    static String cookie(String header, String name) {
        if (header == null) {
            return null;
        }
        for (String pair : header.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).trim().equals(name)) {
                return pair.substring(eq + 1).trim();
            }
        }
        return null;
    }
}
