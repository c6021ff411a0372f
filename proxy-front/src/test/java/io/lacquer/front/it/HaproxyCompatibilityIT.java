package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Command;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.RawConnection;
import io.lacquer.front.testkit.TestOrigin;
import io.undertow.util.HeaderValues;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                http-request deny deny_status 404 if { path_beg /deny/404 }
                http-request deny deny_status 405 if { path_beg /deny/405 }
                http-request deny deny_status 429 if { path_beg /deny/429 }
                http-request deny deny_status 501 if { path_beg /deny/501 }
                use_backend none if { path_beg /none }
                use_backend xff_plain if { path_beg /xff/plain }
                use_backend xff_option if { path_beg /xff/option }
                use_backend xff_header if { path_beg /xff/header }
                use_backend xff_ifnone if { path_beg /xff/ifnone }
                use_backend xff_except if { path_beg /xff/except }
                use_backend hash_map if { path_beg /hash/map/ }
                use_backend hash_map_crc32 if { path_beg /hash/map-crc32/ }
                use_backend hash_consistent if { path_beg /hash/consistent/ }
                use_backend hash_djb2 if { path_beg /hash/djb2/ }
                use_backend hash_wt6 if { path_beg /hash/wt6/ }
                use_backend hash_sdbm if { path_beg /hash/sdbm/ }
                default_backend dyn
            backend dyn
                balance roundrobin
                cookie SERVERID insert indirect nocache
                server d1 127.0.0.1:${d1} cookie d1
                server d2 127.0.0.1:${d2} cookie d2
            backend none
                server gone 127.0.0.1:${gone} check inter 100ms fall 1
            backend xff_plain
                server x1 127.0.0.1:${x1}
            backend xff_option
                option forwardfor
                server x1 127.0.0.1:${x1}
            backend xff_header
                option forwardfor header X-Client-IP
                server x1 127.0.0.1:${x1}
            backend xff_ifnone
                option forwardfor if-none
                server x1 127.0.0.1:${x1}
            backend xff_except
                option forwardfor except 127.0.0.0/8
                server x1 127.0.0.1:${x1}
            backend hash_map
                balance uri
                server h1 127.0.0.1:${h1} weight 1
                server h2 127.0.0.1:${h2} weight 2
                server h3 127.0.0.1:${h3} weight 3
            backend hash_map_crc32
                balance uri
                hash-type map-based crc32 avalanche
                server h1 127.0.0.1:${h1} weight 2
                server h2 127.0.0.1:${h2} weight 4
                server h3 127.0.0.1:${h3} weight 4
            backend hash_consistent
                balance uri
                hash-type consistent
                server h1 127.0.0.1:${h1}
                server h2 127.0.0.1:${h2}
                server h3 127.0.0.1:${h3}
            backend hash_djb2
                balance uri
                hash-type consistent djb2
                server h1 127.0.0.1:${h1} weight 3
                server h2 127.0.0.1:${h2}
                server h3 127.0.0.1:${h3} weight 2
            backend hash_wt6
                balance uri
                hash-type consistent wt6 avalanche
                server h1 127.0.0.1:${h1}
                server down 127.0.0.1:${gone} check inter 100ms fall 1
                server h2 127.0.0.1:${h2}
                server h3 127.0.0.1:${h3}
            backend hash_sdbm
                balance uri whole
                hash-type consistent sdbm
                server h1 127.0.0.1:${h1}
                server h2 127.0.0.1:${h2}
                server h3 127.0.0.1:${h3}
            listen stats
                bind 127.0.0.1:${statsport}
                stats enable
                stats uri /stats
            """;
    private static TestOrigin d1;
    private static TestOrigin d2;
    private static TestOrigin x1;
    private static final List<TestOrigin> HASHED = new ArrayList<>();
    private static Front ours;
    private static Process haproxy;
    private static String haBase;
    private static String haStats;
    /** haproxy's configuration and log. */
    @TempDir
    static Path dir;
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
        x1 = new TestOrigin("x1");
        for (String h : List.of("h1", "h2", "h3")) {
            HASHED.add(new TestOrigin(h));
        }
        int gone = freePort();
        int haPort = freePort();
        int haStatsPort = freePort();
        Map<String, Object> vars = new HashMap<>(Map.of("d1", d1.port(), "d2", d2.port(), "gone", gone, "x1", x1.port()));
        for (TestOrigin h : HASHED) {
            vars.put(h.name(), h.port());
        }
        Map<String, Object> ourVars = new HashMap<>(vars);
        ourVars.put("port", 0);
        ourVars.put("statsport", 0);
        ours = Front.start(CONFIG, ourVars);
        Path cfg = dir.resolve("haproxy.cfg");
        String text = CONFIG.replace("${port}", Integer.toString(haPort))
                .replace("${statsport}", Integer.toString(haStatsPort));
        for (Map.Entry<String, Object> e : vars.entrySet()) {
            text = text.replace("${" + e.getKey() + "}", e.getValue().toString());
        }
        Files.writeString(cfg, text);
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
            x1.close();
            HASHED.forEach(TestOrigin::close);
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
        for (String status : new String[] {"404", "405", "429", "501"}) {
            same("/deny/" + status);
        }
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
    void serverTimeoutIsAnInactivityTimeout() {
        // 400 ms `timeout server`: a response trickling for 800 ms in 100 ms steps goes through both
        same("/drip?chunks=8&ms=100");
        assertEquals("0123456789".repeat(8), client.get(ours.url("www") + "/drip?chunks=8&ms=100").body());
        // a server silent for a second after its response head: both send the head, then cut
        for (int port : List.of(ours.server().port("www"), haPort())) {
            try (RawConnection c = new RawConnection(port, 5000)) {
                String got = c.get("/drip?chunks=1&ms=1000").untilClosed();
                assertTrue(got.startsWith("HTTP/1.1 200"), port + ": " + got);
                assertFalse(got.contains("0123456789"), port + ": " + got);
            }
        }
        // a server silent before its head: 504, and the client's connection stays usable
        for (int port : List.of(ours.server().port("www"), haPort())) {
            try (RawConnection c = new RawConnection(port, 5000)) {
                assertTrue(c.get("/slow?ms=1000").response().startsWith("HTTP/1.1 504"), "port " + port);
                assertTrue(c.get("/front-health").response().startsWith("HTTP/1.1 200"), "port " + port);
            }
        }
        // a client that stops sending its request body: the server waits in silence, so 504, and closed
        for (int port : List.of(ours.server().port("www"), haPort())) {
            try (RawConnection c = new RawConnection(port, 5000)) {
                String got = c.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 100\r\n\r\nonly ten b")
                        .untilClosed();
                assertTrue(got.startsWith("HTTP/1.1 504"), port + ": " + got);
                assertTrue(got.toLowerCase(Locale.ROOT).contains("connection: close"), port + ": " + got);
            }
        }
    }

    private static int haPort() {
        return Integer.parseInt(haBase.substring(haBase.lastIndexOf(':') + 1));
    }

    /** The forwarding headers x1 received for its last request. */
    private static Map<String, List<String>> forwarded() {
        Map<String, List<String>> out = new TreeMap<>();
        for (String h : List.of("X-Forwarded-For", "X-Client-IP", "X-Forwarded-Proto", "X-Forwarded-Host",
                "X-Forwarded-Port", "X-Forwarded-Server")) {
            HeaderValues v = x1.lastHeaders().get(h);
            if (v != null) {
                out.put(h, List.copyOf(v));
            }
        }
        return out;
    }

    @Test
    void forwardedHeadersAreTheSame() {
        for (String variant : List.of("plain", "option", "header", "ifnone", "except")) {
            for (String[] headers : List.of(new String[0], new String[] {"X-Forwarded-For", "203.0.113.7"},
                    new String[] {"X-Forwarded-Proto", "https", "X-Client-IP", "198.51.100.1"})) {
                client.get(haBase + "/xff/" + variant, headers);
                Map<String, List<String>> theirs = forwarded();
                client.get(ours.url("www") + "/xff/" + variant, headers);
                assertEquals(theirs, forwarded(), variant + " with " + List.of(headers));
            }
        }
    }

    @Test
    void hashedRequestsGoToTheSameServers() {
        for (String variant : List.of("map", "map-crc32", "consistent", "djb2", "wt6", "sdbm")) {
            Set<String> servers = new HashSet<>();
            for (int i = 0; i < 60; i++) {
                String path = "/hash/" + variant + "/img/" + i + ".jpg?v=" + (i % 7);
                String theirs = client.get(haBase + path).body();
                assertEquals(theirs, client.get(ours.url("www") + path).body(), variant + ": " + path);
                servers.add(theirs);
            }
            assertEquals(3, servers.size(), variant + " spreads over the three servers: " + servers);
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
