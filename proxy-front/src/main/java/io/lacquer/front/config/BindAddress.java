package io.lacquer.front.config;

/**
 * A {@code bind} address: host (empty for all addresses) and port (0 for an ephemeral one).
 */
public record BindAddress(String host, int port) {
    /** Parses {@code [host]:port}, {@code *:port} or {@code [::1]:port}; the port may be 0. */
    public static BindAddress parse(String text) {
        // "*" listens on every address, as no host does
        HostPort a = HostPort.parse(text.startsWith("*:") ? text.substring(1) : text, 0);
        return new BindAddress(a.host(), a.port());
    }

    /** The host to listen on; all IPv4 addresses when none was given. */
    public String listenHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }
}
