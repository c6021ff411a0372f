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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrent misses on one object make one backend request; the others wait and share it. */
class CoalescingIT {
    @Test
    void fiftyConcurrentMissesMakeOneBackendRequest() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/hot", (req, resp) -> {
                release.await(10, TimeUnit.SECONDS);
                resp.header("Cache-Control", "max-age=60").send("hot object");
            });
            ExecutorService clients = Executors.newFixedThreadPool(50);
            try {
                List<Future<RawHttp.Response>> answers = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    answers.add(clients.submit(() -> node.get("/hot")));
                }
                // every request is either the fetch's owner or parked on it before the origin answers
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (node.counter(Counter.BUSY_SLEEP) < 49 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                release.countDown();
                for (Future<RawHttp.Response> f : answers) {
                    RawHttp.Response r = f.get(15, TimeUnit.SECONDS);
                    assertEquals(200, r.status());
                    assertEquals("hot object", r.text());
                }
            } finally {
                clients.shutdownNow();
            }
            assertEquals(1, origin.count("/hot"), "exactly one backend request");
            assertEquals(1, node.counter(Counter.CACHE_MISS));
            assertEquals(49, node.counter(Counter.BUSY_SLEEP));
            assertEquals(49, node.counter(Counter.BUSY_WAKEUP));
            assertEquals(49, node.counter(Counter.CACHE_HIT));
            assertTrue(node.counter(Counter.S_FETCH) == 1);
        }
    }

    @Test
    void waitersOfAnUncacheableResponseFetchForThemselves() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/private", (req, resp) -> {
                release.await(10, TimeUnit.SECONDS);
                resp.header("Cache-Control", "private").send("mine");
            });
            ExecutorService clients = Executors.newFixedThreadPool(5);
            try {
                List<Future<RawHttp.Response>> answers = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    answers.add(clients.submit(() -> node.get("/private")));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (node.counter(Counter.BUSY_SLEEP) < 4 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                release.countDown();
                for (Future<RawHttp.Response> f : answers) {
                    assertEquals("mine", f.get(15, TimeUnit.SECONDS).text());
                }
            } finally {
                clients.shutdownNow();
            }
            assertEquals(5, origin.count("/private"), "a private response is never shared with waiters");
            assertEquals(4, node.counter(Counter.CACHE_HITMISS), "the waiters found the hit-for-miss marker");
        }
    }
}
