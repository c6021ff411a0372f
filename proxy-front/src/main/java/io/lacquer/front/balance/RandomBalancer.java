package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * {@code balance random(draws)}: draws servers at random in proportion to their weights and keeps
 * the least loaded ("power of two choices" with the default of 2 draws).
 */
final class RandomBalancer implements Balancer {
    /*
     * Implementation notes. Each draw is a weighted random choice over the eligible servers;
     * among the draws the one with the fewest requests in progress wins. Two draws already
     * remove most of the imbalance plain random choice has (Mitzenmacher, "The Power of Two
     * Choices in Randomized Load Balancing", 2001).
     */
    private final List<ServerState> servers;
    private final int draws;

    RandomBalancer(List<ServerState> servers, int draws) {
        this.servers = servers;
        this.draws = draws;
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        long total = 0;
        for (ServerState s : servers) {
            if (s.weight() > 0 && eligible.test(s)) {
                total += s.weight();
            }
        }
        if (total == 0) {
            return null;
        }
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        ServerState best = null;
        for (int d = 0; d < draws; d++) {
            long r = rnd.nextLong(total);
            ServerState drawn = null;
            for (ServerState s : servers) {
                if (s.weight() <= 0 || !eligible.test(s)) {
                    continue;
                }
                r -= s.weight();
                if (r < 0) {
                    drawn = s;
                    break;
                }
            }
            if (drawn != null && (best == null || drawn.slots().used() < best.slots().used())) {
                best = drawn;
            }
        }
        return best;
    }
}
