package io.lacquer.core.backend.probe;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A probe declaration, as VCL's {@code probe name { … }} ({@code vcl-probe(7)}).
 *
 * @param name the probe's name
 * @param url the URL to GET ({@code .url}, default "/"), ignored when {@code request} is given
 * @param request raw request lines ({@code .request}), each sent followed by CRLF; empty for none
 * @param expectedResponse the status that counts as good (200)
 * @param timeout seconds a probe may take (2)
 * @param interval seconds between probes (5)
 * @param window how many recent probes count (8, at most 64)
 * @param threshold how many of them must be good for the backend to be healthy (3)
 * @param initial how many count as good when the probe starts (threshold - 1)
 */
public record ProbeSpec(String name, String url, List<String> request, int expectedResponse, double timeout,
                        double interval, int window, int threshold, int initial) {
    /** Checks the invariants. */
    public ProbeSpec {
        requireNonNull(name, "name");
        requireNonNull(url, "url");
        request = List.copyOf(request);
        if (window < 1 || window > 64) {
            throw new IllegalArgumentException("window: " + window + " (expected: 1..64)");
        }
        if (threshold < 1 || threshold > window) {
            throw new IllegalArgumentException("threshold: " + threshold + " (expected: 1..window " + window + ")");
        }
        if (initial < 0 || initial > window) {
            throw new IllegalArgumentException("initial: " + initial + " (expected: 0..window " + window + ")");
        }
        if (!(timeout > 0) || !(interval > 0)) {
            throw new IllegalArgumentException("timeout and interval must be > 0 (got " + timeout + ", " + interval + ")");
        }
    }

    /** A probe of {@code url} with every other attribute at Varnish's default. */
    public static ProbeSpec of(String name, String url) {
        return new ProbeSpec(name, url, List.of(), 200, 2, 5, 8, 3, 2);
    }

    /** The bytes sent: the raw request, or {@code GET <url>} with {@code Host} and {@code Connection: close}. */
    public String requestText(String host) {
        if (!request.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            request.forEach(line -> sb.append(line).append("\r\n"));
            return sb.append("\r\n").toString();
        }
        return "GET " + url + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
    }
}
