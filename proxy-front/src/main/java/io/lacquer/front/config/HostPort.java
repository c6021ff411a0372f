package io.lacquer.front.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A host and port the configuration names ({@code host:port}, an IPv6 host in brackets), for
 * {@code bind} and {@code server} alike, checked as HAProxy checks them when it reads the file:
 * a host written as an IP address must be one ({@code 256.0.0.1} is not), and a host name must
 * resolve (HAProxy's default {@code init-addr libc}), so that a typo stops the start rather than
 * failing requests.
 *
 * @param host the host, brackets removed; empty when none was given
 * @param port the port
 */
record HostPort(String host, int port) {
    /** Parses and checks {@code text}; the port must lie in {@code minPort..65535}. */
    static HostPort parse(String text, int minPort) {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("missing port in '" + text + "' (expected: <addr>:<port>)");
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < minPort || port > 65535) {
            throw new IllegalArgumentException("invalid port in '" + text + "' (expected: " + minPort + "..65535)");
        }
        check(host, text);
        return new HostPort(host, port);
    }

    private static void check(String host, String text) {
        if (host.isEmpty()) {
            return;
        }
        boolean ipv6 = host.indexOf(':') >= 0;
        boolean ipv4 = host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if ((ipv4 && !isIpv4(host)) || (ipv6 && !resolves(host))) {
            throw new IllegalArgumentException("invalid address: '" + host + "' in '" + text + "'");
        }
        if (!ipv4 && !ipv6 && !resolves(host)) {
            throw new IllegalArgumentException("could not resolve address '" + host + "' in '" + text + "'");
        }
    }

    private static boolean isIpv4(String host) {
        String[] parts = host.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /* An IPv6 literal is parsed, never looked up; a name is looked up. */
    private static boolean resolves(String host) {
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
