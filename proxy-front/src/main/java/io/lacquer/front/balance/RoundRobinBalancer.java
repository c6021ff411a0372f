package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code balance roundrobin}: smooth weighted round robin.
 */
final class RoundRobinBalancer implements Balancer {
    /*
     * Implementation notes. Each pick adds every eligible server's weight to its running credit,
     * takes the server with the most credit and subtracts the total weight from it. Over a cycle
     * each server is picked in proportion to its weight, and picks of a heavy server are spread
     * out rather than bunched (weights 5,1,1 give a a b a c a a, not a a a a a b c). This is the
     * interleaving nginx uses for its weighted round robin; HAProxy's lb_fwrr.c reaches the same
     * spread with a tree. Weights are read at each pick, so run-time weight changes apply at once.
     * Servers that are not eligible keep their credit untouched. A lock guards the credits: the
     * critical section is a few additions over a short list.
     */
    private final List<ServerState> servers;
    private final long[] credit;

    RoundRobinBalancer(List<ServerState> servers) {
        this.servers = servers;
        this.credit = new long[servers.size()];
    }

    @Override
    public synchronized ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        long total = 0;
        int best = -1;
        for (int i = 0; i < servers.size(); i++) {
            ServerState s = servers.get(i);
            int w = s.weight();
            if (w <= 0 || !eligible.test(s)) {
                continue;
            }
            credit[i] += w;
            total += w;
            if (best < 0 || credit[i] > credit[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return null;
        }
        credit[best] -= total;
        return servers.get(best);
    }
}
