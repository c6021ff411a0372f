package io.lacquer.core.backend;

import static java.util.Objects.requireNonNull;

/**
 * A backend declaration, as VCL's {@code backend name { .host = …; .port = …; }}. Timeouts left
 * null fall back to the node's parameters of the same names.
 *
 * @param name the backend's name
 * @param host an IP literal or host name
 * @param port the TCP port
 * @param hostHeader the Host header sent when the request has none, or null
 * @param connectTimeout seconds, or null for {@code connect_timeout}
 * @param firstByteTimeout seconds, or null for {@code first_byte_timeout}
 * @param betweenBytesTimeout seconds, or null for {@code between_bytes_timeout}
 * @param maxConnections the most connections open at once, 0 for no limit
 */
public record BackendSpec(String name, String host, int port, String hostHeader, Double connectTimeout,
                          Double firstByteTimeout, Double betweenBytesTimeout, int maxConnections) {
    /** Checks the invariants. */
    public BackendSpec {
        requireNonNull(name, "name");
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max_connections: " + maxConnections + " (expected: >= 0)");
        }
    }

    /** A backend at {@code host:port} with every other attribute at its default. */
    public static BackendSpec of(String name, String host, int port) {
        return new BackendSpec(name, host, port, null, null, null, null, 0);
    }

    /** Parses {@code host:port} (IPv6 as {@code [::1]:port}); throws IllegalArgumentException. */
    public static BackendSpec parse(String name, String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("backend address \"" + hostPort + "\" (expected: host:port)");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("backend port in \"" + hostPort + "\" is not a number");
        }
        return of(name, host, port);
    }
}
