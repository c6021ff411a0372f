package io.lacquer.front.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Checks a host the configuration names, as HAProxy does when it reads the file: one written as
 * an IP address must be one ({@code 256.0.0.1} is not), and a host name must resolve (HAProxy's
 * default {@code init-addr libc}), so that a typo stops the start rather than failing requests.
 */
final class ConfiguredHost {
    private ConfiguredHost() {
    }

    /** Throws when {@code host}, taken from {@code text}, is neither a valid IP address nor a name that resolves. */
    static void check(String host, String text) {
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
