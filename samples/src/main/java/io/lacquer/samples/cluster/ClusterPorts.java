package io.lacquer.samples.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;

/**
 * The ports of the sample cluster on one machine. The canonical layout (shift 0) is the one the
 * shipped policy and front configuration name; a shift moves every port by the same amount, so
 * that a second cluster, or a test, can run beside the first.
 *
 * <pre>
 *   front1 :8080 (stats :8404)   front2 :8081 (stats :8405)
 *   cache1 :6081 (admin :6082, metrics :9131)   cache2 :7081 (admin :7082, metrics :9132)
 *   static1 :8101  static2 :8102   dyn1 :8201  dyn2 :8202
 * </pre>
 *
 * Members are numbered from 1, as their names.
 *
 * @param shift what every canonical port is moved by
 */
public record ClusterPorts(int shift) {
    /** The canonical layout. */
    public static final ClusterPorts CANONICAL = new ClusterPorts(0);

    /** Checks that every port stays in range. */
    public ClusterPorts {
        if (shift < -6000 || shift > 56000) {
            throw new IllegalArgumentException("port shift " + shift + " (expected: -6000..56000)");
        }
    }

    /**
     * A layout whose ports are all free on loopback now, picked at random (for tests). The ports
     * stay below the ephemeral range, so outgoing connections cannot take one while its member is
     * stopped.
     */
    public static ClusterPorts free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            ClusterPorts p = new ClusterPorts(1000 * ThreadLocalRandom.current().nextInt(10, 24));
            if (p.all().stream().allMatch(ClusterPorts::isFree)) {
                return p;
            }
        }
        throw new IllegalStateException("no free set of ports for a sample cluster");
    }

    /** The site port of front {@code n}. */
    public int front(int n) {
        return shift + 8079 + member(n);
    }

    /** The stats (and front metrics) port of front {@code n}. */
    public int stats(int n) {
        return shift + 8403 + member(n);
    }

    /** The client port of cache node {@code n}. */
    public int cache(int n) {
        return shift + 5081 + 1000 * member(n);
    }

    /** The management port of cache node {@code n}. */
    public int admin(int n) {
        return cache(n) + 1;
    }

    /** The metrics port of cache node {@code n}. */
    public int metrics(int n) {
        return shift + 9130 + member(n);
    }

    /** The port of static server {@code n}. */
    public int staticServer(int n) {
        return shift + 8100 + member(n);
    }

    /** The port of dynamic server {@code n}. */
    public int dynamicServer(int n) {
        return shift + 8200 + member(n);
    }

    /** Every port of the layout. */
    public List<Integer> all() {
        return IntStream.rangeClosed(1, 2).boxed()
                .flatMap(n -> IntStream.of(front(n), stats(n), cache(n), admin(n), metrics(n), staticServer(n),
                        dynamicServer(n)).boxed())
                .toList();
    }

    private static int member(int n) {
        if (n < 1 || n > 2) {
            throw new IllegalArgumentException("member " + n + " (expected: 1 or 2)");
        }
        return n;
    }

    private static boolean isFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
