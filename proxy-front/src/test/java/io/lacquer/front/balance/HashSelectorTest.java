package io.lacquer.front.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.testkit.Servers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How keys move when a server goes down, for both hash types. */
class HashSelectorTest {
    private static final int KEYS = 20_000;
    private static final int SERVERS = 5;

    private static Map<String, ServerState> assign(HashSelector sel) {
        Map<String, ServerState> m = new HashMap<>();
        for (int i = 0; i < KEYS; i++) {
            String key = "/wp-content/uploads/2026/11/image-" + i + ".jpg";
            m.put(key, sel.select(key, ServerState::balanceable));
        }
        return m;
    }

    @Test
    void consistentHashMovesOnlyTheDownServersShare() {
        List<ServerState> s = Servers.servers(SERVERS);
        HashSelector sel = HashSelector.of(new HashType(true, HashFunction.SDBM, false), s);
        Map<String, ServerState> before = assign(sel);
        Map<ServerState, Integer> share = new HashMap<>();
        before.values().forEach(v -> share.merge(v, 1, Integer::sum));
        for (ServerState x : s) {
            double f = share.get(x) / (double) KEYS;
            assertTrue(f > 0.5 / SERVERS && f < 1.6 / SERVERS, "uneven share " + share);
        }
        ServerState down = s.get(2);
        down.setHealthy(false);
        Map<String, ServerState> after = assign(sel);
        int moved = 0;
        for (String k : before.keySet()) {
            if (before.get(k) != after.get(k)) {
                moved++;
                assertEquals(down, before.get(k), "a key of a healthy server moved: " + k);
            }
        }
        double fraction = moved / (double) KEYS;
        assertEquals(share.get(down) / (double) KEYS, fraction, 1e-9);
        assertTrue(fraction > 0.5 / SERVERS && fraction < 1.6 / SERVERS, "moved " + fraction);
        down.setHealthy(true);
        assertEquals(before, assign(sel), "keys return when the server comes back");
    }

    @Test
    void mapBasedHashMovesMostKeys() {
        List<ServerState> s = Servers.servers(SERVERS);
        HashSelector sel = HashSelector.of(HashType.DEFAULT, s);
        Map<String, ServerState> before = assign(sel);
        s.get(2).setHealthy(false);
        Map<String, ServerState> after = assign(sel);
        long moved = before.keySet().stream().filter(k -> before.get(k) != after.get(k)).count();
        assertTrue(moved > KEYS / 2, "map-based moved only " + moved);
    }
}
