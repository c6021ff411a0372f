package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.server.ServerState;
import io.lacquer.front.testkit.Await;
import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The cache tier's setup: {@code balance uri} with {@code hash-type consistent} over three cache
 * nodes. Each URI sticks to one node; when a node fails its check only its URIs move, and they
 * come back when it recovers.
 */
class ConsistentHashIT {
    private static final int URIS = 300;

    @Test
    void onlyTheFailedNodesUrisMove() {
        try (TestOrigin c1 = new TestOrigin("cache1"); TestOrigin c2 = new TestOrigin("cache2");
                TestOrigin c3 = new TestOrigin("cache3");
                Front front = Front.start("""
                        defaults
                            mode http
                            timeout connect 500ms
                            timeout server 5s
                            # a generous check timeout: a slow answer on a busy test machine must not flap a node
                            timeout check 2s
                        frontend www
                            bind 127.0.0.1:0
                            default_backend caches
                        backend caches
                            balance uri
                            hash-type consistent
                            option httpchk GET /health
                            server cache1 127.0.0.1:${c1} check inter 100ms fall 2 rise 1
                            server cache2 127.0.0.1:${c2} check inter 100ms fall 2 rise 1
                            server cache3 127.0.0.1:${c3} check inter 100ms fall 2 rise 1
                        """, Map.of("c1", c1.port(), "c2", c2.port(), "c3", c3.port()))) {
            Client client = new Client();
            String base = front.url("www");
            Map<String, String> before = new HashMap<>();
            Map<String, Integer> share = new HashMap<>();
            for (int i = 0; i < URIS; i++) {
                String uri = "/wp-content/uploads/img-" + i + ".jpg";
                String node = client.get(base + uri).body();
                before.put(uri, node);
                share.merge(node, 1, Integer::sum);
                assertEquals(node, client.get(base + uri + "?ver=2").body(), "query string is not hashed");
            }
            assertEquals(3, share.size(), "every node gets a share: " + share);
            c2.healthStatus(503);
            ServerState s2 = front.server().topology().backend("caches").servers().get(1);
            Await.until("cache2 DOWN", 3000, () -> !s2.healthy());
            int moved = 0;
            for (Map.Entry<String, String> e : before.entrySet()) {
                String now = client.get(base + e.getKey()).body();
                if (!now.equals(e.getValue())) {
                    moved++;
                    assertEquals("cache2", e.getValue(), "a URI of a healthy node moved: " + e.getKey());
                }
            }
            assertEquals(share.get("cache2"), moved, "exactly cache2's URIs moved");
            assertTrue(moved < URIS / 2);
            c2.healthStatus(200);
            Await.until("cache2 UP", 3000, s2::healthy);
            for (Map.Entry<String, String> e : before.entrySet()) {
                assertEquals(e.getValue(), client.get(base + e.getKey()).body(), "URIs return after recovery");
            }
        }
    }
}
