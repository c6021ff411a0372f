package io.lacquer.front.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Checks a configured host that is written as an IP address ({@code 256.0.0.1} is not one), as
 * HAProxy refuses it when it reads the file; a host name is left to be looked up when used.
 */
final class HostLiteral {
    private HostLiteral() {
    }

    /** Throws when {@code host}, taken from {@code text}, looks like an IP address but is not one. */
    static void check(String host, String text) {
        boolean ipv6 = host.indexOf(':') >= 0;
        boolean ipv4 = !host.isEmpty() && host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
        if ((ipv4 && !isIpv4(host)) || (ipv6 && !isIpv6(host))) {
            throw new IllegalArgumentException("invalid address: '" + host + "' in '" + text + "'");
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

    private static boolean isIpv6(String host) {
        try {
            // a string with a colon is parsed as an IPv6 literal, never looked up
            return InetAddress.getByName(host).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
