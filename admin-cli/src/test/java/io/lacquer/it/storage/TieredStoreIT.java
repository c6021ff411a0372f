package io.lacquer.it.storage;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A node with a heap tier over an off-heap tier, over real sockets. */
class TieredStoreIT {
    @TempDir
    Path dir;

    @Test
    void storesAndServesA100MibObjectIntact() throws Exception {
        byte[] body = new byte[100 << 20];
        new Random(100).nextBytes(body);
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/big", (req, resp) -> resp.header("Cache-Control", "max-age=600").send(body));
            try (TestNode node = TestNode.builder(origin.hostPort())
                    .storage("mem=heap,64m disk=offheap,512m," + dir.resolve("s.cmap") + ",max_object=200m")
                    .metrics().start()) {
                RawHttp.Response miss = node.get("/big");
                assertEquals(200, miss.status());
                assertArrayEquals(body, miss.body());
                assertEquals(1, node.awaitCounter(Counter.N_OBJECT, 1), "stored");
                RawHttp.Response hit = node.get("/big");
                assertEquals(2, hit.header("X-Varnish").split(" ").length, "a hit");
                assertArrayEquals(body, hit.body());
                assertEquals(1, origin.count("/big"));
                assertEquals(0, node.counter(Counter.STORE_FAIL));
                String metrics = RawHttp.get(node.server().metricsAddress().getPort(), "/metrics").text();
                assertTrue(metrics.contains("lacquer_sma_g_bytes{type=\"disk\"}"), metrics);
                assertTrue(metrics.contains("lacquer_sma_c_req_total{type=\"mem\"}"), metrics);
            }
        }
    }

    @Test
    void aFullStoreDeliversWithoutStoringAndCountsIt() throws Exception {
        byte[] body = new byte[3 << 20];
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/huge", (req, resp) -> resp.header("Cache-Control", "max-age=600").send(body));
            try (TestNode node = TestNode.builder(origin.hostPort())
                    .storage("mem=heap,2m disk=offheap,4m," + dir.resolve("s.cmap") + ",max_object=1m").start()) {
                RawHttp.Response first = node.get("/huge");
                assertEquals(200, first.status());
                assertEquals(body.length, first.body().length);
                assertEquals(1, node.awaitCounter(Counter.STORE_FAIL, 1));
                assertEquals(200, node.get("/huge").status());
                assertEquals(2, origin.count("/huge"), "not stored, fetched again");
                assertEquals(1, node.server().metrics().scrape().lines()
                        .filter(l -> l.startsWith("lacquer_sma_c_fail_total{type=\"disk\"} 2.0")).count());
            }
        }
    }

    @Test
    void expiredObjectsAreRemovedInTheBackgroundAndCounted() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/short", (req, resp) -> resp.header("Cache-Control", "max-age=1").send("short-lived"));
            origin.on("/long", (req, resp) -> resp.header("Cache-Control", "max-age=600").send("long-lived"));
            try (TestNode node = TestNode.builder(origin.hostPort()).param("default_grace", "0")
                    .storage("mem=heap,2m disk=offheap,4m," + dir.resolve("s.cmap")).start()) {
                node.get("/short");
                node.get("/long");
                assertEquals(2, node.awaitCounter(Counter.N_OBJECT, 2));
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (node.counter(Counter.N_EXPIRED) < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(1, node.counter(Counter.N_EXPIRED));
                assertEquals(1, node.counter(Counter.N_OBJECT));
            }
        }
    }
}
