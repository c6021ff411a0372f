package io.lacquer.front.testkit;

import io.lacquer.front.config.ServerConfig;
import io.lacquer.front.server.ServerState;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds {@link ServerState}s for unit tests.
 */
public final class Servers {
    private Servers() {
    }

    /** A server with a weight, a maxconn and a cookie equal to its name. */
    public static ServerState server(String name, int id, int weight, int maxconn, boolean backup) {
        return new ServerState("be", new ServerConfig(name, id, "127.0.0.1", 8000 + id, false, 2000, 2000, 2000, 2, 3,
                weight, maxconn, backup, name, 0, id));
    }

    /** {@code n} servers of weight 1 named s1..sn. */
    public static List<ServerState> servers(int n) {
        List<ServerState> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(server("s" + i, i, 1, 0, false));
        }
        return out;
    }
}
