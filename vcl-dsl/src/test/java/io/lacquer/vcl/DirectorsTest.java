package io.lacquer.vcl;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.director.ShardDirector;
import io.lacquer.core.backend.director.RequestKey;
import io.lacquer.vcl.testing.PolicyTester;
import io.lacquer.vcl.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Directors as policies declare them: each kind, health, nesting. */
class DirectorsTest {
    private static final String BACKENDS = """
            backend 'a', host: '127.0.0.1', port: 9001
            backend 'b', host: '127.0.0.1', port: 9002
            backend 'c', host: '127.0.0.1', port: 9003
            """;

    private static PolicyTester policy(String directors) throws VclCompileException {
        return PolicyTester.of(BACKENDS + directors + "\nvcl_recv { req.backend = 'd'; return pass }\n");
    }

    private static String pick(PolicyTester t, TestRequest req) {
        return t.run(req).backend();
    }

    @Test
    void roundRobinTakesHealthyMembersInTurn() throws Exception {
        try (PolicyTester t = policy("director 'd', roundRobin('a', 'b', 'c')")) {
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                seen.add(pick(t, TestRequest.get("/")));
            }
            assertEquals(List.of("a", "b", "c", "a", "b", "c"), seen);
            t.sick("b");
            Set<String> without = new HashSet<>();
            for (int i = 0; i < 6; i++) {
                without.add(pick(t, TestRequest.get("/")));
            }
            assertEquals(Set.of("a", "c"), without);
        }
    }

    @Test
    void randomFollowsTheWeights() throws Exception {
        try (PolicyTester t = policy("director 'd', random(a: 3, b: 1)")) {
            Map<String, Integer> n = new HashMap<>();
            for (int i = 0; i < 4000; i++) {
                n.merge(pick(t, TestRequest.get("/")), 1, Integer::sum);
            }
            assertEquals(Set.of("a", "b"), n.keySet());
            double share = n.get("a") / 4000.0;
            assertTrue(share > 0.70 && share < 0.80, "share of a: " + share);
            t.sick("a");
            assertEquals("b", pick(t, TestRequest.get("/")));
        }
    }

    @Test
    void hashKeepsAKeyOnOneBackend() throws Exception {
        try (PolicyTester t = policy("director 'd', hash(by: 'req.http.X-Session', 'a', 'b', 'c')")) {
            Set<String> used = new HashSet<>();
            for (int s = 0; s < 30; s++) {
                String first = pick(t, TestRequest.get("/x").header("X-Session", "s" + s));
                for (int i = 0; i < 3; i++) {
                    assertEquals(first, pick(t, TestRequest.get("/y" + i).header("X-Session", "s" + s)));
                }
                used.add(first);
            }
            assertEquals(Set.of("a", "b", "c"), used, "keys spread over every member");
        }
    }

    @Test
    void hashWeightsAndTheVmodSpelling() throws Exception {
        try (PolicyTester t = policy("director 'd', hash(by: 'req.url', a: 9, b: 1)")) {
            Map<String, Integer> n = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                n.merge(pick(t, TestRequest.get("/k" + i)), 1, Integer::sum);
            }
            assertTrue(n.get("a") > 800 && n.getOrDefault("b", 0) > 40, n.toString());
        }
        try (PolicyTester t = policy("director 'd', round_robin('a', 'b')")) {
            assertEquals(Set.of("a", "b"), new HashSet<>(List.of(pick(t, TestRequest.get("/")), pick(t, TestRequest.get("/")))));
        }
        assertTrue(Policies.failure(BACKENDS + "director 'd', hash(by: 'req.url', a: 1, zz: 2)").getMessage()
                .contains("unknown backend or director 'zz'"));
    }

    @Test
    void hashByClientIdentityIsTheDefault() throws Exception {
        try (PolicyTester t = PolicyTester.of(BACKENDS + """
                director 'd', hash('a', 'b', 'c')
                vcl_recv { client.identity = req.http['X-User']; req.backend = 'd'; return pass }
                """)) {
            String u1 = pick(t, TestRequest.get("/").header("X-User", "alice").from("192.0.2.1"));
            assertEquals(u1, pick(t, TestRequest.get("/").header("X-User", "alice").from("192.0.2.99")));
        }
    }

    @Test
    void fallbackTakesTheFirstHealthyAndStickyKeepsTheCurrent() throws Exception {
        try (PolicyTester t = policy("director 'd', fallback('a', 'b', 'c')")) {
            assertEquals("a", pick(t, TestRequest.get("/")));
            t.sick("a");
            assertEquals("b", pick(t, TestRequest.get("/")));
            t.healthy("a");
            assertEquals("a", pick(t, TestRequest.get("/")), "not sticky: back to the first");
        }
        try (PolicyTester t = policy("director 'd', fallback(sticky: true, 'a', 'b', 'c')")) {
            assertEquals("a", pick(t, TestRequest.get("/")));
            t.sick("a");
            assertEquals("b", pick(t, TestRequest.get("/")));
            t.healthy("a");
            assertEquals("b", pick(t, TestRequest.get("/")), "sticky: stays on b while b is healthy");
            t.sick("b");
            assertEquals("a", pick(t, TestRequest.get("/")));
        }
    }

    @Test
    void shardMapsKeysAlikeOnNodesConfiguredAlikeAndMovesFewWhenOneFails() throws Exception {
        String decl = "director 'd', shard(by: 'req.url', replicas: 67, 'a', 'b', 'c')";
        try (PolicyTester node1 = policy(decl); PolicyTester node2 = policy(decl)) {
            Map<String, String> before = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                String url = "/obj/" + i;
                String one = pick(node1, TestRequest.get(url));
                assertEquals(one, pick(node2, TestRequest.get(url)), "two nodes agree on " + url);
                before.put(url, one);
            }
            assertEquals(Set.of("a", "b", "c"), new HashSet<>(before.values()));
            node1.sick("c");
            int moved = 0;
            for (Map.Entry<String, String> e : before.entrySet()) {
                String now = pick(node1, TestRequest.get(e.getKey()));
                assertNotEquals("c", now);
                if (!e.getValue().equals("c") && !e.getValue().equals(now)) {
                    moved++;
                }
            }
            assertEquals(0, moved, "only c's keys move when c fails");
        }
    }

    @Test
    void shardRingDependsOnlyOnNamesAndReplicas() {
        Backend a = backend("a");
        Backend b = backend("b");
        ShardDirector one = new ShardDirector("s", List.of(a, b), 67, RequestKey.parse("req.url"));
        ShardDirector other = new ShardDirector("s2", List.of(a, b), 67, RequestKey.parse("req.url"));
        for (int i = 0; i < 100; i++) {
            assertEquals(one.resolve("/k" + i, null), other.resolve("/k" + i, null));
        }
        a.close();
        b.close();
    }

    @Test
    void stickyCookieNamesTheBackendAndFallsBack() throws Exception {
        try (PolicyTester t = policy("director 'd', sticky(cookie: 'SERVERID', fallback: roundRobin('a', 'b'))")) {
            for (int i = 0; i < 4; i++) {
                assertEquals("b", pick(t, TestRequest.get("/").header("Cookie", "x=1; SERVERID=b; y=2")));
            }
            Set<String> anonymous = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                anonymous.add(pick(t, TestRequest.get("/")));
            }
            assertEquals(Set.of("a", "b"), anonymous, "no cookie: the fallback round robin");
            assertEquals(Set.of("a", "b"), new HashSet<>(List.of(
                    pick(t, TestRequest.get("/").header("Cookie", "SERVERID=zzz")),
                    pick(t, TestRequest.get("/").header("Cookie", "SERVERID=zzz")))), "unknown name: fallback");
            t.sick("b");
            assertEquals("a", pick(t, TestRequest.get("/").header("Cookie", "SERVERID=b")), "sick: redispatched");
        }
    }

    @Test
    void directorsNest() throws Exception {
        try (PolicyTester t = PolicyTester.of(BACKENDS + """
                director 'pair', roundRobin('a', 'b')
                director 'd', fallback('pair', 'c')
                vcl_recv { req.backend = 'd'; return pass }
                """)) {
            assertEquals(Set.of("a", "b"), new HashSet<>(List.of(pick(t, TestRequest.get("/")), pick(t, TestRequest.get("/")))));
            t.sick("a").sick("b");
            assertEquals("c", pick(t, TestRequest.get("/")));
            t.sick("c");
            assertNull(pick(t, TestRequest.get("/")));
        }
    }

    @Test
    void aDirectorThatContainsItselfIsRefused() {
        VclCompileException e = Policies.failure(BACKENDS + "director 'x', roundRobin('a', 'y')\ndirector 'y', fallback('x')");
        assertTrue(e.getMessage().contains("contains itself"), e.getMessage());
        assertTrue(e.first().line() > 0, e.getMessage());
    }

    private static Backend backend(String name) {
        return new Backend(io.lacquer.core.backend.BackendSpec.of(name, "127.0.0.1", 9), new io.lacquer.core.config.Params(),
                new io.lacquer.core.stats.Counters());
    }
}
