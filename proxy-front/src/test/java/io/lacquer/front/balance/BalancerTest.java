package io.lacquer.front.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.config.BalanceSpec;
import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.testkit.Servers;
import io.lacquer.front.testkit.TestRequest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BalancerTest {
    private static Balancer balancer(Algorithm a, List<ServerState> servers) {
        return Algorithm.balancer(BalanceSpec.of(a), HashType.DEFAULT, servers);
    }

    private static String names(Balancer b, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(b.pick(TestRequest.get("/x" + i), ServerState::balanceable).name()).append(' ');
        }
        return sb.toString().trim();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void everyAlgorithmAvoidsDownServersAndReturnsNullWhenNoneIsUsable(Algorithm a) {
        List<ServerState> s = Servers.servers(3);
        Balancer b = a == Algorithm.URL_PARAM || a == Algorithm.HDR
                ? Algorithm.balancer(new BalanceSpec(a, "k", 0, 0, false, false, 2, false), HashType.DEFAULT, s)
                : balancer(a, s);
        s.get(1).setHealthy(false);
        for (int i = 0; i < 50; i++) {
            ServerState p = b.pick(TestRequest.get("/k" + i + "?k=" + i).header("k", "v" + i).from("10.0.0." + i),
                    ServerState::balanceable);
            assertNotEquals("s2", p.name(), a.keyword());
        }
        s.get(0).setHealthy(false);
        s.get(2).setHealthy(false);
        assertNull(b.pick(TestRequest.get("/"), ServerState::balanceable), a.keyword());
    }

    @Test
    void roundRobinCyclesInDeclarationOrder() {
        assertEquals("s1 s2 s3 s1 s2 s3", names(balancer(Algorithm.ROUNDROBIN, Servers.servers(3)), 6));
    }

    @Test
    void weightedRoundRobinIsSmooth() {
        List<ServerState> s = List.of(Servers.server("a", 1, 5, 0, false), Servers.server("b", 2, 1, 0, false),
                Servers.server("c", 3, 1, 0, false));
        assertEquals("a a b a c a a", names(balancer(Algorithm.ROUNDROBIN, s), 7));
        assertEquals("a a b a c a a", names(balancer(Algorithm.STATIC_RR, s), 7));
    }

    @Test
    void leastConnPrefersTheIdleServer() {
        List<ServerState> s = Servers.servers(3);
        s.get(0).slots().tryAcquire();
        s.get(1).slots().tryAcquire();
        Balancer b = balancer(Algorithm.LEASTCONN, s);
        for (int i = 0; i < 5; i++) {
            assertEquals("s3", b.pick(TestRequest.get("/"), ServerState::balanceable).name());
        }
    }

    @Test
    void firstFillsServersInOrder() {
        List<ServerState> s = List.of(Servers.server("a", 1, 1, 2, false), Servers.server("b", 2, 1, 2, false));
        Balancer b = balancer(Algorithm.FIRST, s);
        assertEquals("a", b.pick(TestRequest.get("/"), ServerState::balanceable).name());
        s.get(0).slots().tryAcquire();
        s.get(0).slots().tryAcquire();
        assertEquals("b", b.pick(TestRequest.get("/"), ServerState::balanceable).name());
    }

    @Test
    void sourceAndUriAreStable() {
        List<ServerState> s = Servers.servers(4);
        Balancer src = balancer(Algorithm.SOURCE, s);
        Balancer uri = balancer(Algorithm.URI, s);
        for (int i = 0; i < 20; i++) {
            TestRequest r = TestRequest.get("/obj/" + i + "?v=" + i).from("192.0.2." + i);
            assertSame(src.pick(r, ServerState::balanceable), src.pick(r, ServerState::balanceable));
            assertSame(uri.pick(r, ServerState::balanceable),
                    uri.pick(TestRequest.get("/obj/" + i + "?other"), ServerState::balanceable));
        }
    }

    @Test
    void uriKeyHonoursLenDepthAndWhole() {
        HashSelector none = HashSelector.of(HashType.DEFAULT, List.of());
        assertEquals("/a/b/c.png", new UriBalancer(BalanceSpec.of(Algorithm.URI), none).key("/a/b/c.png?x=1"));
        assertEquals("/a/b/c.png?x=1", new UriBalancer(new BalanceSpec(Algorithm.URI, null, 0, 0, true, false, 2, false),
                none).key("/a/b/c.png?x=1"));
        assertEquals("/a/b", new UriBalancer(new BalanceSpec(Algorithm.URI, null, 0, 2, false, false, 2, false),
                none).key("/a/b/c.png"));
        assertEquals("/a/b/", new UriBalancer(new BalanceSpec(Algorithm.URI, null, 5, 0, false, false, 2, false),
                none).key("/a/b/c.png"));
        assertEquals("/p", new UriBalancer(new BalanceSpec(Algorithm.URI, null, 0, 0, false, true, 2, false),
                none).key("http://h.example/p?q"));
    }

    @Test
    void urlParamAndHeaderFallBackToRoundRobin() {
        List<ServerState> s = Servers.servers(3);
        Balancer b = Algorithm.balancer(new BalanceSpec(Algorithm.URL_PARAM, "user", 0, 0, false, false, 2, false),
                HashType.DEFAULT, s);
        assertEquals("s1 s2 s3", names(b, 3));
        ServerState u = b.pick(TestRequest.get("/?user=alice"), ServerState::balanceable);
        for (int i = 0; i < 10; i++) {
            assertSame(u, b.pick(TestRequest.get("/p" + i + "?x=1&user=alice"), ServerState::balanceable));
        }
        assertEquals("haproxy", HeaderBalancer.domain("www.haproxy.org:80"));
    }

    @Test
    void randomSpreadsOverEveryServer() {
        Balancer b = Algorithm.balancer(new BalanceSpec(Algorithm.RANDOM, null, 0, 0, false, false, 3, false),
                HashType.DEFAULT, Servers.servers(3));
        Map<String, Integer> n = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            n.merge(b.pick(TestRequest.get("/"), ServerState::balanceable).name(), 1, Integer::sum);
        }
        assertEquals(3, n.size());
        n.values().forEach(c -> assertTrue(c > 500, n.toString()));
    }

    @Test
    void backupIsNotPartOfThePrimaryBalancer() {
        List<ServerState> s = new ArrayList<>(Servers.servers(2));
        Balancer b = balancer(Algorithm.ROUNDROBIN, s);
        s.forEach(x -> x.setHealthy(false));
        assertNull(b.pick(TestRequest.get("/"), ServerState::balanceable));
    }
}
