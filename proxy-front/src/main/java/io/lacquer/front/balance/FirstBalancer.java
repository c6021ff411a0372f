package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code balance first}: the first server in declaration order that has a free slot.
 */
final class FirstBalancer implements Balancer {
    /*
     * Implementation notes. Servers fill up one after the other, so idle ones can be turned off
     * (HAProxy's lb_fas.c). A server without maxconn never fills, so it takes everything; when
     * every eligible server is full the first eligible one is returned and its queue holds the
     * request.
     */
    private final List<ServerState> servers;

    FirstBalancer(List<ServerState> servers) {
        this.servers = servers;
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        ServerState fallback = null;
        for (ServerState s : servers) {
            if (s.weight() <= 0 || !eligible.test(s)) {
                continue;
            }
            int limit = s.slots().limit();
            if (limit <= 0 || s.slots().used() < limit) {
                return s;
            }
            if (fallback == null) {
                fallback = s;
            }
        }
        return fallback;
    }
}
