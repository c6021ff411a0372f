package io.lacquer.samples.cluster;

import io.lacquer.core.stats.Counter;
import io.lacquer.samples.SampleCluster;
import io.lacquer.samples.web.DynamicServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The main job, whole: two fronts, two cache nodes and the four web servers on loopback, with the
 * shipped policy and front configuration; sessions sticky across the cache, logged-in pages never
 * shared, static assets cached.
 */
class SampleClusterIT {
    private static final Pattern ASSET = Pattern.compile("(?:href|src)=\"(/[^\"]+\\.(?:css|js|svg|png|jpe?g))\"");

    @TempDir
    static Path dir;

    private static SampleCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = SampleCluster.of(ClusterPorts.free(), dir).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String front(int n) {
        return "http://127.0.0.1:" + cluster.ports().front(n);
    }

    private static String cache(int n) {
        return "http://127.0.0.1:" + cluster.ports().cache(n);
    }

    @Test
    void bannerNamesEveryEntryPoint() {
        String banner = cluster.banner();
        ClusterPorts p = cluster.ports();
        for (int n = 1; n <= 2; n++) {
            assertTrue(banner.contains("http://127.0.0.1:" + p.front(n) + "/"), banner);
            assertTrue(banner.contains("http://127.0.0.1:" + p.stats(n) + "/stats"), banner);
            assertTrue(banner.contains("http://127.0.0.1:" + p.metrics(n) + "/metrics"), banner);
        }
        assertTrue(banner.contains("lacqueradm -T 127.0.0.1:" + p.admin(1) + ",127.0.0.1:" + p.admin(2)), banner);
    }

    @Test
    void everyNodeServesItsMetrics() {
        for (int n = 1; n <= 2; n++) {
            String cache = new Browser().get("http://127.0.0.1:" + cluster.ports().metrics(n) + "/metrics").body();
            assertTrue(cache.contains("lacquer_hit_ratio"), cache);
            for (String web : List.of("static1", "static2", "dyn1", "dyn2")) {
                assertTrue(cache.contains("lacquer_backend_healthy{backend=\"" + web + "\"} 1.0"), cache);
            }
            String front = new Browser().get("http://127.0.0.1:" + cluster.ports().stats(n) + "/metrics").body();
            assertTrue(front.contains("lacquer_front_server_status{proxy=\"static_caches\",server=\"cache1\",state=\"UP\"} 1"), front);
            assertTrue(front.contains("lacquer_front_frontend_http_requests_total{proxy=\"www\"}"), front);
        }
    }

    @Test
    void aLoggedInSessionStaysOnItsServerWhicheverFrontAndCacheNodeItCrosses() {
        Browser alice = new Browser();
        HttpResponse<String> login = alice.logIn(front(1), "alice");
        assertEquals(302, login.statusCode(), login.body());
        String server = login.headers().firstValue("X-Served-By").orElseThrow();
        assertTrue(alice.cookie(DynamicServer.LOGIN_COOKIE) != null, "logged in");
        assertEquals(server, alice.cookie("SERVERID"), "the caches pin the session to the server that logged it in");

        List<String> entries = List.of(front(1), front(2), cache(1), cache(2));
        for (int i = 0; i < 24; i++) {
            String entry = entries.get(i % entries.size());
            HttpResponse<String> page = alice.get(entry + "/wp-admin/");
            assertEquals(200, page.statusCode(), entry + ": " + page.body());
            assertTrue(page.body().contains("Dashboard of alice"), entry + ": still logged in");
            assertEquals(server, page.headers().firstValue("X-Served-By").orElseThrow(), entry);
        }
        int loggedInOnServer = cluster.dynamicServer(Integer.parseInt(server.substring(3))).sessions();
        assertTrue(loggedInOnServer >= 1, "the session lives on " + server);
    }

    @Test
    void aLoggedInPageIsNeverServedToAnotherUser() {
        Browser bob = new Browser();
        bob.logIn(front(1), "bob");
        for (int n = 1; n <= 2; n++) {
            HttpResponse<String> mine = bob.get(front(n) + "/?p=3");
            assertTrue(mine.body().contains("Howdy, bob"), mine.body());
            assertEquals("MISS", mine.headers().firstValue("X-Cache").orElseThrow(), "logged-in pages are passed");

            HttpResponse<String> anonymous = new Browser().get(front(n) + "/?p=3");
            assertEquals(200, anonymous.statusCode());
            assertFalse(anonymous.body().contains("bob"), anonymous.body());
            assertTrue(anonymous.body().contains(">Log in<"), anonymous.body());
        }
    }

    @Test
    void aScriptedBrowseServesStaticAssetsFromTheCaches() {
        long hitsBefore = hits();
        int assets = 0;
        int assetHits = 0;
        Set<String> distinct = new LinkedHashSet<>();
        for (int visitor = 0; visitor < 10; visitor++) {
            Browser browser = new Browser();
            String front = front(1 + visitor % 2);
            List<String> pages = new ArrayList<>(List.of("/"));
            for (int post = 1; post <= 5; post++) {
                pages.add("/?p=" + post);
            }
            for (String page : pages) {
                HttpResponse<String> html = browser.get(front + page);
                assertEquals(200, html.statusCode(), page);
                Matcher m = ASSET.matcher(html.body());
                while (m.find()) {
                    HttpResponse<String> asset = browser.get(front + m.group(1));
                    assertEquals(200, asset.statusCode(), m.group(1));
                    assets++;
                    distinct.add(m.group(1));
                    if ("HIT".equals(asset.headers().firstValue("X-Cache").orElse(""))) {
                        assetHits++;
                    }
                }
            }
        }
        double ratio = (double) assetHits / assets;
        System.out.printf("SampleClusterIT: scripted browse: %d static requests for %d distinct assets, "
                + "%d hits, static hit ratio %.3f%n", assets, distinct.size(), assetHits, ratio);
        assertTrue(distinct.size() >= 7, "the pages name their stylesheet, script and images: " + distinct);
        assertTrue(ratio >= 0.90, "static hit ratio " + ratio);
        assertTrue(hits() - hitsBefore >= assetHits, "the nodes' own counters saw the hits");
    }

    private static long hits() {
        return cluster.cache(1).server().counters().get(Counter.CACHE_HIT)
                + cluster.cache(2).server().counters().get(Counter.CACHE_HIT);
    }
}
