package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Command;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stats reachable only from the local host: a client inside a network namespace (a test host at
 * 198.18.x.2) gets 403 from the stats page and the metrics, while it is served normally and
 * the local host still sees the stats.
 */
class StatsRemoteAccessIT {
    private static final long PID = ProcessHandle.current().pid();
    private static final String NS = "lqf-" + PID;
    private static final String HOST_IF = "lqfh" + (PID % 100000);
    private static final String NS_IF = "lqfn" + (PID % 100000);
    private static final int NET = 100 + (int) (PID % 150);
    private static final String HOST_ADDR = "198.18." + NET + ".1";
    private static final String NS_ADDR = "198.18." + NET + ".2";
    private static TestOrigin origin;
    private static Front front;
    private static boolean created;

    @BeforeAll
    static void setUp() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root) {
            System.out.println("StatsRemoteAccessIT skipped: needs root to create a network namespace");
        }
        Assumptions.assumeTrue(root, "needs root to create a network namespace");
        boolean ip = Command.available("ip") && Command.run(10, "ip", "netns", "list").exit() == 0;
        boolean curl = Command.available("curl");
        if (!ip || !curl) {
            System.out.println("StatsRemoteAccessIT skipped: 'ip netns' or curl unavailable (apt-get install iproute2 curl)");
        }
        Assumptions.assumeTrue(ip && curl, "'ip netns' and curl are needed");
        run("ip", "netns", "add", NS);
        created = true;
        run("ip", "link", "add", HOST_IF, "type", "veth", "peer", "name", NS_IF);
        run("ip", "link", "set", NS_IF, "netns", NS);
        run("ip", "addr", "add", HOST_ADDR + "/30", "dev", HOST_IF);
        run("ip", "link", "set", HOST_IF, "up");
        run("ip", "-n", NS, "addr", "add", NS_ADDR + "/30", "dev", NS_IF);
        run("ip", "-n", NS, "link", "set", NS_IF, "up");
        run("ip", "-n", NS, "link", "set", "lo", "up");
        origin = new TestOrigin("app1");
        front = Front.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout server 5s
                frontend www
                    bind ${host}:0
                    bind 127.0.0.1:0
                    monitor-uri /front-health
                    http-request use-service prometheus-exporter if { path /metrics }
                    stats enable
                    stats uri /haproxy?stats
                    default_backend app
                backend app
                    option forwardfor
                    server app1 127.0.0.1:${o}
                """, Map.of("host", HOST_ADDR, "o", origin.port()));
    }

    private static void run(String... argv) {
        Command.Result r = Command.run(20, argv);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", argv) + " failed: " + r.err());
        }
    }

    @AfterAll
    static void tearDown() {
        if (front != null) {
            front.close();
        }
        if (origin != null) {
            origin.close();
        }
        if (created) {
            // deleting the namespace also deletes the veth pair
            Command.run(20, "ip", "netns", "del", NS);
        }
    }

    private static Command.Result curlFromTestHost(String path) {
        String url = "http://" + HOST_ADDR + ":" + front.server().addresses("www").get(0).getPort() + path;
        return Command.run(30, "ip", "netns", "exec", NS, "curl", "-s", "--max-time", "10", "-w", "\n%{http_code}", url);
    }

    @Test
    void remoteClientGets403FromStatsAndMetrics() {
        Command.Result r = curlFromTestHost("/haproxy?stats");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().endsWith("\n403"), r.out());
        assertEquals(ErrorPage.FORBIDDEN.body(), r.out().substring(0, r.out().length() - 4));
        assertTrue(curlFromTestHost("/haproxy?stats;csv").out().endsWith("\n403"));
        assertTrue(curlFromTestHost("/metrics").out().endsWith("\n403"));
    }

    @Test
    void remoteClientIsStillProxiedAndSeesTheMonitorUri() {
        Command.Result r = curlFromTestHost("/page");
        assertTrue(r.out().endsWith("app1\n200"), r.out());
        assertEquals(NS_ADDR, origin.lastHeaders().getFirst("X-Forwarded-For"));
        assertTrue(curlFromTestHost("/front-health").out().endsWith("\n200"));
    }

    @Test
    void localHostSeesTheStats() {
        String url = "http://127.0.0.1:" + front.server().addresses("www").get(1).getPort() + "/haproxy?stats;csv";
        var r = new Client().get(url);
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("# pxname,svname,"));
    }
}
