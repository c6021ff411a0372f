package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * {@code balance static-rr}: weighted round robin over a schedule fixed at start.
 */
final class StaticRoundRobinBalancer implements Balancer {
    /*
     * Implementation notes. The schedule is computed once from the configured weights with the
     * smooth interleaving of RoundRobinBalancer, so one cycle holds each server weight times.
     * A pick is a lock-free counter increment; ineligible entries are skipped by moving on in the
     * schedule. As in HAProxy's lb_map.c, run-time weight changes have no effect.
     */
    private final ServerState[] schedule;
    private final AtomicLong next = new AtomicLong();

    StaticRoundRobinBalancer(List<ServerState> servers) {
        List<ServerState> out = new ArrayList<>();
        long[] credit = new long[servers.size()];
        long total = 0;
        for (ServerState s : servers) {
            total += s.config().weight();
        }
        for (long n = 0; n < total; n++) {
            int best = -1;
            for (int i = 0; i < servers.size(); i++) {
                int w = servers.get(i).config().weight();
                if (w <= 0) {
                    continue;
                }
                credit[i] += w;
                if (best < 0 || credit[i] > credit[best]) {
                    best = i;
                }
            }
            credit[best] -= total;
            out.add(servers.get(best));
        }
        this.schedule = out.toArray(new ServerState[0]);
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        int n = schedule.length;
        if (n == 0) {
            return null;
        }
        long start = next.getAndIncrement();
        for (int i = 0; i < n; i++) {
            ServerState s = schedule[(int) ((start + i) % n)];
            if (eligible.test(s)) {
                if (i > 0) {
                    next.addAndGet(i);
                }
                return s;
            }
        }
        return null;
    }
}
