package io.lacquer.front.config;

/**
 * A {@code bind} address: host (empty for all addresses) and port (0 for an ephemeral one).
 */
public record BindAddress(String host, int port) {
    /** Parses {@code [host]:port}, {@code *:port} or {@code [::1]:port}. */
    public static BindAddress parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("missing port in bind address '" + text + "' (expected: [addr]:port)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("*")) {
            host = "";
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid port in bind address '" + text + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + text + "' (expected: 0..65535)");
        }
        ConfiguredHost.check(host, text);
        return new BindAddress(host, port);
    }

    /** The host to listen on; all IPv4 addresses when none was given. */
    public String listenHost() {
        return host.isEmpty() ? "0.0.0.0" : host;
    }
}
