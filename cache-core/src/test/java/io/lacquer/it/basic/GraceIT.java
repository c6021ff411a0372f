package io.lacquer.it.basic;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stale objects are served within grace while one background fetch refreshes them. */
class GraceIT {
    @Test
    void staleIsServedInGraceWhileExactlyOneRefreshRuns() throws Exception {
        AtomicInteger version = new AtomicInteger();
        CountDownLatch refreshMayAnswer = new CountDownLatch(1);
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/g", (req, resp) -> {
                int v = version.incrementAndGet();
                if (v > 1) {
                    refreshMayAnswer.await(10, TimeUnit.SECONDS);
                }
                // the refresh waits for the latch, so its answer ages while it waits: give it room,
                // or a slow run finds it stale on arrival and refreshes it once more
                resp.header("Cache-Control", "max-age=" + (v == 1 ? 1 : 60) + ", stale-while-revalidate=30").send("v" + v);
            });
            assertEquals("v1", node.get("/g").text());
            waitUntilStale(node, "/g");

            ExecutorService clients = Executors.newFixedThreadPool(10);
            try {
                List<Future<RawHttp.Response>> stale = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    stale.add(clients.submit(() -> node.get("/g")));
                }
                for (Future<RawHttp.Response> f : stale) {
                    RawHttp.Response r = f.get(5, TimeUnit.SECONDS);
                    assertEquals("v1", r.text(), "served stale at once, not after the refresh");
                    assertTrue(Integer.parseInt(r.header("Age")) >= 1, "Age shows it is stale");
                }
            } finally {
                clients.shutdownNow();
            }
            assertEquals(1, node.counter(Counter.S_BGFETCH), "exactly one background refresh");
            refreshMayAnswer.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            String body = "";
            while (!body.equals("v2") && System.nanoTime() < deadline) {
                Thread.sleep(20);
                body = node.get("/g").text();
            }
            assertEquals("v2", body, "the refreshed object replaces the stale one");
            assertEquals(2, origin.count("/g"));
            assertTrue(node.counter(Counter.CACHE_HIT_GRACE) >= 10);
        }
    }

    @Test
    void deadBackendGivesTheStaleObjectWithinGrace() throws Exception {
        ScriptedOrigin origin = ScriptedOrigin.start();
        try (TestNode node = TestNode.builder(origin.hostPort()).param("default_grace", "60").start()) {
            origin.on("/s", (req, resp) -> resp.header("Cache-Control", "max-age=1").send("kept"));
            assertEquals("kept", node.get("/s").text());
            origin.close();
            waitUntilStale(node, "/s");

            RawHttp.Response r = node.get("/s");

            assertEquals(200, r.status());
            assertEquals("kept", r.text());
        } finally {
            origin.close();
        }
    }

    private static void waitUntilStale(TestNode node, String path) throws Exception {
        // ttl is whole seconds; the object is stale once its Age reaches 1 s past the max-age of 1
        Thread.sleep(1100);
    }
}
