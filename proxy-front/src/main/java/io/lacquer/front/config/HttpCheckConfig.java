package io.lacquer.front.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A backend's HTTP health check ({@code option httpchk}, {@code http-check send/expect}).
 *
 * @param method the request method (default {@code OPTIONS})
 * @param uri the request URI (default {@code /})
 * @param version the protocol version (default {@code HTTP/1.0})
 * @param headers extra request headers as name/value pairs
 * @param expect what makes a response healthy; null means any 2xx or 3xx status
 * @param disableOn404 {@code http-check disable-on-404}: a 404 answer puts the server in NOLB
 */
public record HttpCheckConfig(String method, String uri, String version, List<Header> headers, @Nullable Expect expect,
        boolean disableOn404) {
    /** The check {@code option httpchk} alone gives. */
    public static final HttpCheckConfig DEFAULT = new HttpCheckConfig("OPTIONS", "/", "HTTP/1.0", List.of(), null,
            false);

    /** Copies the headers. */
    public HttpCheckConfig {
        headers = List.copyOf(headers);
    }

    /**
     * One header sent with the check.
     *
     * @param name the header's name
     * @param value its value
     */
    public record Header(String name, String value) {
    }

    /**
     * An {@code http-check expect} rule.
     *
     * @param kind what is compared
     * @param negate whether the result is inverted ({@code !})
     * @param pattern status codes/ranges, a string or a regular expression
     */
    public record Expect(Kind kind, boolean negate, String pattern) {
        /** What an expect rule compares. */
        public enum Kind {
            /** Status codes or ranges such as {@code 200} or {@code 200-399}, comma-separated. */
            STATUS,
            /** A regular expression on the status code. */
            RSTATUS,
            /** A string the body must contain. */
            STRING,
            /** A regular expression on the body. */
            RSTRING
        }
    }

    /** Returns a copy with another expect rule. */
    public HttpCheckConfig withExpect(Expect e) {
        return new HttpCheckConfig(method, uri, version, headers, e, disableOn404);
    }

    /** Returns a copy with another request line; headers and expect rules are kept. */
    public HttpCheckConfig withRequest(String m, String u, String v) {
        return new HttpCheckConfig(m, u, v, headers, expect, disableOn404);
    }

    /** Returns a copy with {@code disable-on-404} set. */
    public HttpCheckConfig withDisableOn404() {
        return new HttpCheckConfig(method, uri, version, headers, expect, true);
    }

    /** Returns a copy with one more header. */
    public HttpCheckConfig withHeader(Header h) {
        List<Header> all = new java.util.ArrayList<>(headers);
        all.add(h);
        return new HttpCheckConfig(method, uri, version, all, expect, disableOn404);
    }
}
