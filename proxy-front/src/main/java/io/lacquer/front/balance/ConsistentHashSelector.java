package io.lacquer.front.balance;

import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code hash-type consistent}: a hash ring with many points per server.
 */
final class ConsistentHashSelector implements HashSelector {
    /*
     * Implementation notes. Each server owns POINTS_PER_WEIGHT * weight points on a 32-bit ring,
     * placed by hashing its name and the point's index (Karger et al., "Consistent Hashing and
     * Random Trees", STOC 1997; HAProxy's lb_chash.c). A key belongs to the first point at or after
     * its hash, walking on past points of servers that are not eligible. The ring never changes:
     * when a server goes down only the keys that landed on its points move, each to the next
     * server on the ring, so about 1/N of the keys move for N servers; when it comes back exactly
     * those keys return. Keys are always avalanche-mixed before the lookup, since string hashes of
     * similar URIs are close together and would otherwise crowd onto a few arcs.
     */
    static final int POINTS_PER_WEIGHT = 64;

    private final HashType type;
    private final int[] points;
    private final ServerState[] owners;

    ConsistentHashSelector(HashType type, List<ServerState> servers) {
        this.type = type;
        int n = 0;
        for (ServerState s : servers) {
            n += POINTS_PER_WEIGHT * Math.max(1, s.config().weight());
        }
        long[] packed = new long[n];
        int k = 0;
        for (int idx = 0; idx < servers.size(); idx++) {
            ServerState s = servers.get(idx);
            int seed = HashType.HashFunction.DJB2.hash(s.name().getBytes(StandardCharsets.UTF_8));
            int count = POINTS_PER_WEIGHT * Math.max(1, s.config().weight());
            for (int i = 0; i < count; i++) {
                int p = HashSelector.avalanche(seed * 31 + HashSelector.avalanche(i + 1));
                // sort by unsigned position; the low bits keep the owner's index
                packed[k++] = (Integer.toUnsignedLong(p) << 16) | idx;
            }
        }
        Arrays.sort(packed);
        points = new int[n];
        owners = new ServerState[n];
        for (int i = 0; i < n; i++) {
            points[i] = (int) (packed[i] >>> 16);
            owners[i] = servers.get((int) (packed[i] & 0xffff));
        }
    }

    @Override
    public ServerState select(byte[] key, Predicate<ServerState> eligible) {
        int n = points.length;
        if (n == 0) {
            return null;
        }
        int h = HashSelector.avalanche(type.function().hash(key));
        int i = firstAtOrAfter(h);
        for (int k = 0; k < n; k++) {
            ServerState s = owners[(i + k) % n];
            if (s.weight() > 0 && eligible.test(s)) {
                return s;
            }
        }
        return null;
    }

    private int firstAtOrAfter(int h) {
        int lo = 0;
        int hi = points.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (Integer.compareUnsigned(points[mid], h) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }
}
