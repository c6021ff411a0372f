package io.lacquer.front.acl;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address or CIDR block, e.g. {@code 127.0.0.1/8} or {@code ::1}, as {@code src} ACLs and
 * {@code option forwardfor except} take.
 */
public record IpPattern(byte[] network, int prefix) {

    /** Parses an address with an optional {@code /prefix}; names are not resolved. */
    public static IpPattern parse(String text) {
        int slash = text.indexOf('/');
        String addr = slash < 0 ? text : text.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address or network");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            String p = text.substring(slash + 1);
            if (p.contains(".")) {
                prefix = maskBits(p);
            } else {
                prefix = Integer.parseInt(p);
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("invalid prefix length in '" + text + "'");
            }
        }
        return new IpPattern(bytes, prefix);
    }

    private static int maskBits(String mask) {
        try {
            byte[] m = InetAddress.getByName(mask).getAddress();
            int bits = 0;
            for (byte b : m) {
                bits += Integer.bitCount(b & 0xff);
            }
            return bits;
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("invalid netmask '" + mask + "'");
        }
    }

    /** Whether {@code address} lies inside this block; IPv4-mapped IPv6 addresses count as IPv4. */
    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && isMapped(a)) {
            byte[] v4 = new byte[4];
            System.arraycopy(a, 12, v4, 0, 4);
            a = v4;
        }
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff;
    }
}
