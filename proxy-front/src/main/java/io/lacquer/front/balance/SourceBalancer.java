package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.function.Predicate;

/**
 * {@code balance source}: a hash of the client's address, so a client keeps reaching the same
 * server while the set of servers does not change.
 */
final class SourceBalancer implements Balancer {
    private final HashSelector selector;

    SourceBalancer(HashSelector selector) {
        this.selector = selector;
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        return selector.select(selector.type().addressHash(request.source().getAddress()), eligible);
    }
}
