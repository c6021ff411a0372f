package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * {@code balance leastconn}: the server with the fewest requests in progress per unit of weight,
 * round robin among equals.
 */
final class LeastConnBalancer implements Balancer {
    /*
     * Implementation notes. Load is (requests in progress + 1) / weight, compared by cross
     * multiplication to stay in integers. The scan starts one position further at each pick, so
     * servers with equal load take turns, as HAProxy's lb_fwlc.c does with its tree.
     * A linear scan is enough for the tens of servers a backend holds.
     */
    private final List<ServerState> servers;
    private final AtomicInteger start = new AtomicInteger();

    LeastConnBalancer(List<ServerState> servers) {
        this.servers = servers;
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        int n = servers.size();
        if (n == 0) {
            return null;
        }
        int first = Math.floorMod(start.getAndIncrement(), n);
        ServerState best = null;
        long bestLoad = 0;
        int bestWeight = 1;
        for (int k = 0; k < n; k++) {
            ServerState s = servers.get((first + k) % n);
            int w = s.weight();
            if (w <= 0 || !eligible.test(s)) {
                continue;
            }
            long load = s.slots().used() + 1L;
            if (best == null || load * bestWeight < bestLoad * w) {
                best = s;
                bestLoad = load;
                bestWeight = w;
            }
        }
        return best;
    }
}
