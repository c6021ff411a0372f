package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.util.Arrays;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code directors.shard()}: a consistent-hash ring. Each member sits on the ring at
 * {@code replicas} points, the last 32 bits of SHA-256({@code <name><n>}); a key's point is the
 * last 32 bits of SHA-256(key), and the first member at or after it that is healthy serves it.
 * The ring depends only on member names and replicas, so nodes configured alike agree on every
 * key, and losing a member moves only that member's keys.
 */
public final class ShardDirector implements Director {
    private final String name;
    private final Members members;
    private final RequestKey key;
    private final long[] points;
    private final int[] owners;

    /** A shard director named {@code name} with {@code replicas} points per member (Varnish: 67). */
    public ShardDirector(String name, List<Director> members, int replicas, RequestKey key) {
        this.name = requireNonNull(name, "name");
        this.members = new Members(members);
        this.key = requireNonNull(key, "key");
        if (replicas < 1) {
            throw new IllegalArgumentException("replicas: " + replicas + " (expected: >= 1)");
        }
        int n = this.members.size() * replicas;
        long[] packed = new long[n];
        int k = 0;
        for (int m = 0; m < this.members.size(); m++) {
            for (int r = 0; r < replicas; r++) {
                long point = point(this.members.get(m).name() + r);
                packed[k++] = (point << 20) | m; // sort by point, then member, in one array
            }
        }
        Arrays.sort(packed);
        points = new long[n];
        owners = new int[n];
        for (int i = 0; i < n; i++) {
            points[i] = packed[i] >>> 20;
            owners[i] = (int) (packed[i] & 0xfffff);
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend resolve(ReqView req) {
        return resolve(key.of(req), req);
    }

    /** The backend for an explicit key. */
    public Backend resolve(String keyValue, ReqView req) {
        int at = Arrays.binarySearch(points, point(keyValue));
        if (at < 0) {
            at = -at - 1;
        }
        for (int i = 0; i < points.length; i++) {
            int owner = owners[(at + i) % points.length];
            Backend b = members.resolve(owner, req);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    @Override
    public boolean healthy() {
        return members.anyHealthy();
    }

    /** The last 32 bits of SHA-256(s), unsigned. */
    static long point(String s) {
        return HashDirector.sha256(s).getInt(28) & 0xffffffffL;
    }

    @Override
    public String toString() {
        return "shard " + name + " " + members.list().stream().map(Director::name).toList();
    }
}
