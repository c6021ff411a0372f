package io.lacquer.front.proxy;

import io.lacquer.front.server.ServerState;
import io.undertow.server.HttpServerExchange;
import org.jspecify.annotations.Nullable;

/**
 * Picks a server for a request that has none yet (or must leave its own), skipping the servers
 * already tried.
 */
@FunctionalInterface
public interface ServerChooser {
    /** Returns a usable server, or null when none is. */
    @Nullable ServerState choose(HttpServerExchange exchange, Routing routing);
}
