package io.lacquer.front.balance;

import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code hash-type consistent}: a hash ring with many points per server; a key goes to the
 * server owning the point nearest to its hash.
 */
final class ConsistentHashSelector implements HashSelector {
    /*
     * Implementation notes. The ring is HAProxy's (lb_chash.c), so a key picks the same server
     * behind either program: the server with 1-based position `id` in its backend (HAProxy's
     * puid) and weight w owns 16·w points, point i sitting at avalanche(id·4096 + i) (Karger et
     * al., "Consistent Hashing and Random Trees", STOC 1997). A key goes to the owner of the
     * nearest point, before or after its hash on the 32-bit circle, the one before on a tie.
     * Points of servers that are not eligible are skipped, as HAProxy takes them out of its tree.
     * The ring itself never changes: when a server goes down only the keys nearest to its points
     * move, each to a neighbour (about 1/N of the keys for N servers), and when it comes back
     * exactly those keys return.
     */
    /** Points per unit of weight (HAProxy's BE_WEIGHT_SCALE). */
    static final int POINTS_PER_WEIGHT = 16;
    /** Point numbers reserved per server id (HAProxy's SRV_EWGHT_RANGE: 256 weights × 16). */
    private static final int IDS_PER_SERVER = 256 * POINTS_PER_WEIGHT;

    private final HashType type;
    private final int[] points;
    private final ServerState[] owners;

    ConsistentHashSelector(HashType type, List<ServerState> servers) {
        this.type = type;
        int n = 0;
        for (ServerState s : servers) {
            n += POINTS_PER_WEIGHT * s.config().weight();
        }
        long[] packed = new long[n];
        int k = 0;
        for (int idx = 0; idx < servers.size(); idx++) {
            ServerState s = servers.get(idx);
            int count = POINTS_PER_WEIGHT * s.config().weight();
            for (int i = 0; i < count; i++) {
                int p = HashFunction.avalanche(s.config().id() * IDS_PER_SERVER + i);
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
    public HashType type() {
        return type;
    }

    @Override
    public ServerState select(int hash, Predicate<ServerState> eligible) {
        int n = points.length;
        int first = firstAtOrAfter(hash);
        int next = -1;
        for (int k = 0; k < n; k++) {
            int i = (first + k) % n;
            if (usable(owners[i], eligible)) {
                next = i;
                break;
            }
        }
        if (next < 0) {
            return null;
        }
        int prev = next;
        for (int k = 1; k <= n; k++) {
            int i = ((first - k) % n + n) % n;
            if (usable(owners[i], eligible)) {
                prev = i;
                break;
            }
        }
        if (owners[prev] == owners[next]) {
            return owners[next];
        }
        int before = hash - points[prev];
        int after = points[next] - hash;
        return Integer.compareUnsigned(before, after) <= 0 ? owners[prev] : owners[next];
    }

    private static boolean usable(ServerState s, Predicate<ServerState> eligible) {
        return s.weight() > 0 && eligible.test(s);
    }

    /* Index of the first point at or after h (unsigned), wrapping to 0 past the last. */
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
