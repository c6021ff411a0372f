package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * A load-balancing algorithm over a fixed list of servers.
 *
 * <p>Implementations are thread-safe: {@link #pick} is called from every I/O thread at once.
 */
public interface Balancer {
    /**
     * Picks a server for a request among those {@code eligible} accepts, or returns null when
     * none is eligible.
     */
    @Nullable ServerState pick(RequestView request, Predicate<ServerState> eligible);
}
