package io.lacquer.samples.cluster;

import io.lacquer.core.stats.Counter;
import io.lacquer.samples.SampleCluster;
import io.lacquer.samples.cluster.RequestLoop.Result;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node failures in the sample cluster, each under a bounded client loop that counts and reports
 * the failed requests: a cache node, a dynamic server and a static server are stopped (their
 * listeners close, as when the process dies) and started again.
 */
class ClusterFailuresIT {
    private static final Duration LOOP_INTERVAL = Duration.ofMillis(20);
    /** Answers already on their way when a member's state changed may still see the old state. */
    private static final long IN_FLIGHT_MILLIS = 300;

    @TempDir
    Path dir;

    private SampleCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = SampleCluster.of(ClusterPorts.free(), dir).start();
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private String front(int n) {
        return "http://127.0.0.1:" + cluster.ports().front(n);
    }

    @Test
    void aKilledCacheNodeIsMarkedDownAndTrafficContinuesOnTheOther() throws Exception {
        List<String> paths = List.of("/", "/?p=1", "/static/style.css", "/wp-content/uploads/photo-2.svg", "/?p=4",
                "/static/app.js", "/wp-content/uploads/photo-5.svg", "/?p=2");
        Browser visitor = new Browser();
        try (RequestLoop loop = RequestLoop.start("cache-failure-client", LOOP_INTERVAL, 2000, Duration.ofSeconds(40),
                i -> visitor.get(front(1 + i % 2) + paths.get(i % paths.size())))) {
            Thread.sleep(1000);
            long killed = RequestLoop.now();
            cluster.stopCache(2);
            SampleCluster.await(Duration.ofSeconds(15), "both fronts to mark cache2 DOWN",
                    () -> cluster.frontSeesDown(1, 2) && cluster.frontSeesDown(2, 2));
            long down = RequestLoop.now();
            Thread.sleep(2000);
            long restarted = RequestLoop.now();
            cluster.startCache(2);
            SampleCluster.await(Duration.ofSeconds(20), "both fronts to mark cache2 UP",
                    () -> cluster.frontSeesUp(1, 2) && cluster.frontSeesUp(2, 2));
            long up = RequestLoop.now();
            long servedBefore = cluster.cache(2).server().counters().get(Counter.CLIENT_REQ);
            Thread.sleep(1500);
            loop.close();

            Split split = Split.of(loop, killed, down);
            System.out.printf("ClusterFailuresIT: cache node killed: both fronts marked it DOWN after %d ms; "
                    + "requests: %s; restarted, UP again after %d ms%n", down - killed, split, up - restarted);
            split.assertNoFailureAfterDetection();
            assertTrue(down - killed < 8000, "marked DOWN within the check window (inter 1s, fall 2): " + (down - killed));
            assertTrue(cluster.cache(2).server().counters().get(Counter.CLIENT_REQ) > servedBefore,
                    "the node takes traffic again once it is UP");
        }
    }

    @Test
    void aKilledDynamicServersSessionsAreRedispatchedAndTheOthersKeepTheirServer() throws Exception {
        Browser[] users = new Browser[2];
        for (int i = 0; i < 40 && (users[0] == null || users[1] == null); i++) {
            Browser b = new Browser();
            b.logIn(front(1 + i % 2), "user" + i);
            int server = Integer.parseInt(b.cookie("SERVERID").substring(3));
            if (users[server - 1] == null) {
                users[server - 1] = b;
            }
        }
        assertTrue(users[0] != null && users[1] != null, "sessions were spread over both dynamic servers");
        Browser onDyn1 = users[0];
        Browser onDyn2 = users[1];
        try (RequestLoop victims = RequestLoop.start("dyn1-sessions", LOOP_INTERVAL, 1500, Duration.ofSeconds(30),
                i -> onDyn1.get(front(1 + i % 2) + "/wp-admin/"));
             RequestLoop others = RequestLoop.start("dyn2-sessions", LOOP_INTERVAL, 1500, Duration.ofSeconds(30),
                     i -> onDyn2.get(front(1 + i % 2) + "/wp-admin/"))) {
            Thread.sleep(1000);
            long killed = RequestLoop.now();
            cluster.stopDynamic(1);
            SampleCluster.await(Duration.ofSeconds(15), "both cache nodes to mark dyn1 sick",
                    () -> !cluster.cacheSeesHealthy(1, "dyn1") && !cluster.cacheSeesHealthy(2, "dyn1"));
            long sick = RequestLoop.now();
            Thread.sleep(2000);
            victims.close();
            others.close();

            Split split = Split.of(victims, killed, sick);
            System.out.printf("ClusterFailuresIT: dynamic server killed: both cache nodes marked it sick after %d ms; "
                            + "its sessions' requests: %s; the other server's sessions: %d of %d failed%n",
                    sick - killed, split, RequestLoop.failures(others.results()), others.results().size());
            for (Result r : others.results()) {
                assertEquals(200, r.status(), "the other sessions never notice: " + r);
                assertEquals("dyn2", r.servedBy());
                assertTrue(r.body().contains("Dashboard of "), "still logged in: " + r);
            }
            split.assertNoFailureAfterDetection();
            assertTrue(split.after().stream().allMatch(r -> "dyn2".equals(r.servedBy())), "redispatched to dyn2");
            assertEquals("dyn2", onDyn1.cookie("SERVERID"), "the routing cookie now names the new server");
        }
        // the session died with its server: logging in again keeps the visitor on the new one
        onDyn1.logIn(front(1), "again");
        for (int n = 1; n <= 2; n++) {
            HttpResponse<String> page = onDyn1.get(front(n) + "/wp-admin/");
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("Dashboard of again"));
            assertEquals("dyn2", page.headers().firstValue("X-Served-By").orElseThrow());
        }
    }

    @Test
    void noStaticRequestFailsOnceAKilledStaticServerIsDetected() throws Exception {
        Browser visitor = new Browser();
        // a new query string each time: every request is a miss that needs a static server
        try (RequestLoop loop = RequestLoop.start("static-client", LOOP_INTERVAL, 1500, Duration.ofSeconds(30),
                i -> visitor.get(front(1 + i % 2) + "/static/app.js?v=" + i))) {
            Thread.sleep(1000);
            long killed = RequestLoop.now();
            cluster.stopStatic(1);
            SampleCluster.await(Duration.ofSeconds(15), "both cache nodes to mark static1 sick",
                    () -> !cluster.cacheSeesHealthy(1, "static1") && !cluster.cacheSeesHealthy(2, "static1"));
            long sick = RequestLoop.now();
            Thread.sleep(2000);
            long restarted = RequestLoop.now();
            cluster.startStatic(1);
            SampleCluster.await(Duration.ofSeconds(15), "both cache nodes to mark static1 healthy",
                    () -> cluster.cacheSeesHealthy(1, "static1") && cluster.cacheSeesHealthy(2, "static1"));
            long healthy = RequestLoop.now();
            Thread.sleep(500);
            loop.close();

            Split split = Split.of(loop, killed, sick);
            System.out.printf("ClusterFailuresIT: static server killed: both cache nodes marked it sick after %d ms; "
                    + "static requests: %s; restarted, healthy again after %d ms%n", sick - killed, split, healthy - restarted);
            split.assertNoFailureAfterDetection();
            assertTrue(split.after().stream().anyMatch(r -> "static2".equals(r.servedBy())), "static2 served meanwhile");
        }
    }

    /** A loop's requests split at a failure: those sent until it was detected, and the rest. */
    private record Split(List<Result> window, List<Result> after) {
        static Split of(RequestLoop loop, long failed, long detected) {
            return new Split(loop.between(failed, detected + IN_FLIGHT_MILLIS),
                    loop.between(detected + IN_FLIGHT_MILLIS, Long.MAX_VALUE));
        }

        void assertNoFailureAfterDetection() {
            assertEquals(0, RequestLoop.failures(after), "failed after detection: "
                    + after.stream().filter(Result::failed).limit(5).toList());
        }

        @Override
        public String toString() {
            return RequestLoop.failures(window) + " of " + window.size() + " failed until detected, "
                    + RequestLoop.failures(after) + " of " + after.size() + " afterwards";
        }
    }
}
