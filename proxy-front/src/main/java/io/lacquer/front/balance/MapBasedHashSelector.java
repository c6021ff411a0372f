package io.lacquer.front.balance;

import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code hash-type map-based}: the hash modulo the total weight of the eligible servers.
 */
final class MapBasedHashSelector implements HashSelector {
    /*
     * Implementation notes. The eligible servers, each repeated weight times in declaration
     * order, form a table; the key's hash modulo the table size picks the entry (HAProxy's
     * lb_map.c). The spread is exact, but when a server goes down or comes back the table size
     * changes and most keys move: the reason `hash-type consistent` exists. The table is walked
     * instead of stored, which is as fast for the few servers of a backend.
     */
    private final HashType type;
    private final List<ServerState> servers;

    MapBasedHashSelector(HashType type, List<ServerState> servers) {
        this.type = type;
        this.servers = servers;
    }

    @Override
    public ServerState select(byte[] key, Predicate<ServerState> eligible) {
        int h = type.function().hash(key);
        if (type.avalanche()) {
            h = HashSelector.avalanche(h);
        }
        long total = 0;
        for (ServerState s : servers) {
            if (s.weight() > 0 && eligible.test(s)) {
                total += s.weight();
            }
        }
        if (total == 0) {
            return null;
        }
        long slot = Integer.toUnsignedLong(h) % total;
        ServerState last = null;
        for (ServerState s : servers) {
            if (s.weight() <= 0 || !eligible.test(s)) {
                continue;
            }
            last = s;
            slot -= s.weight();
            if (slot < 0) {
                return s;
            }
        }
        return last;
    }
}
