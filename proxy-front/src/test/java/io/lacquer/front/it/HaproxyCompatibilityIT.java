package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Command;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Runs HAProxy 2.6 and lacquer-front from the same configuration text against the same scripted
 * servers and compares what clients see: error pages, monitor answer, persistence cookies and
 * the CSV columns.
 */
class HaproxyCompatibilityIT {
    private static final String CONFIG = """
            global
                maxconn 1000
            defaults
                mode http
                timeout connect 1s
                timeout client 10s
                timeout server 400ms
            frontend www
                bind 127.0.0.1:${port}
                monitor-uri /front-health
                http-request deny if { path_beg /private }
                use_backend none if { path_beg /none }
                default_backend dyn
            backend dyn
                balance roundrobin
                cookie SERVERID insert indirect nocache
                server d1 127.0.0.1:${d1} cookie d1
                server d2 127.0.0.1:${d2} cookie d2
            backend none
                server gone 127.0.0.1:${gone} check inter 100ms fall 1
            listen stats
                bind 127.0.0.1:${statsport}
                stats enable
                stats uri /stats
            """;
    private static TestOrigin d1;
    private static TestOrigin d2;
    private static Front ours;
    private static Process haproxy;
    private static String haBase;
    private static String haStats;
    private static Path dir;
    private final Client client = new Client();

    @BeforeAll
    static void start() throws Exception {
        boolean available = Command.available("haproxy");
        if (!available) {
            System.out.println("HaproxyCompatibilityIT skipped: haproxy not installed (apt-get install haproxy)");
        }
        Assumptions.assumeTrue(available, "haproxy not installed");
        d1 = new TestOrigin("d1");
        d2 = new TestOrigin("d2");
        int gone = freePort();
        int haPort = freePort();
        int haStatsPort = freePort();
        ours = Front.start(CONFIG, Map.of("port", 0, "statsport", 0, "d1", d1.port(), "d2", d2.port(), "gone", gone));
        dir = Files.createTempDirectory("lqf-haproxy");
        Path cfg = dir.resolve("haproxy.cfg");
        Files.writeString(cfg, CONFIG.replace("${port}", Integer.toString(haPort))
                .replace("${statsport}", Integer.toString(haStatsPort)).replace("${d1}", Integer.toString(d1.port()))
                .replace("${d2}", Integer.toString(d2.port())).replace("${gone}", Integer.toString(gone)));
        haproxy = new ProcessBuilder("haproxy", "-f", cfg.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        haBase = "http://127.0.0.1:" + haPort;
        haStats = "http://127.0.0.1:" + haStatsPort + "/stats";
        Client c = new Client();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            try {
                c.get(haBase + "/front-health");
                break;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline || !haproxy.isAlive()) {
                    throw new IllegalStateException("haproxy did not start: " + Files.readString(dir.resolve("haproxy.log")));
                }
                Thread.sleep(100);
            }
        }
        // let both mark the "gone" server DOWN
        Thread.sleep(500);
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (haproxy != null) {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
        if (ours != null) {
            ours.close();
        }
        if (d1 != null) {
            d1.close();
            d2.close();
        }
    }

    private void same(String path, String... headers) {
        HttpResponse<String> a = client.get(ours.url("www") + path, headers);
        HttpResponse<String> b = client.get(haBase + path, headers);
        assertEquals(b.statusCode(), a.statusCode(), path);
        assertEquals(b.body(), a.body(), path);
        assertEquals(b.headers().firstValue("content-type"), a.headers().firstValue("content-type"), path);
    }

    @Test
    void errorPagesAndMonitorAnswerAreTheSame() {
        same("/front-health");
        same("/private/x");
        same("/none/x");
        same("/slow?ms=1500");
    }

    @Test
    void persistenceCookiesAreTheSame() {
        HttpResponse<String> a = client.get(ours.url("www") + "/cacheable");
        HttpResponse<String> b = client.get(haBase + "/cacheable");
        String server = b.body();
        assertEquals("SERVERID=" + server + "; path=/", b.headers().firstValue("set-cookie").orElseThrow());
        assertEquals("SERVERID=" + a.body() + "; path=/", a.headers().firstValue("set-cookie").orElseThrow());
        assertTrue(b.headers().allValues("cache-control").stream().anyMatch(v -> v.contains("private")));
        assertTrue(a.headers().allValues("cache-control").stream().anyMatch(v -> v.contains("private")));
        for (String s : List.of("d1", "d2")) {
            HttpResponse<String> x = client.get(ours.url("www") + "/p", "Cookie", "SERVERID=" + s);
            HttpResponse<String> y = client.get(haBase + "/p", "Cookie", "SERVERID=" + s);
            assertEquals(y.body(), x.body());
            assertEquals(y.headers().firstValue("set-cookie"), x.headers().firstValue("set-cookie"));
        }
    }

    @Test
    void csvColumnsAreHaproxysFirst103() {
        String ourHeader = client.get(ours.url("stats") + "/stats;csv").body().lines().findFirst().orElseThrow();
        String theirHeader = client.get(haStats + ";csv").body().lines().findFirst().orElseThrow();
        List<String> ourCols = Arrays.asList(ourHeader.split(","));
        List<String> theirCols = Arrays.asList(theirHeader.split(","));
        assertTrue(theirCols.size() > ourCols.size());
        assertEquals(theirCols.subList(0, ourCols.size()), ourCols);
        assertEquals("-", theirCols.get(ourCols.size()), "ours stops at HAProxy's '-' marker");
    }
}
