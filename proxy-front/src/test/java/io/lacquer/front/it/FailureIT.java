package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.route.BackendRuntime;
import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.testkit.Await;
import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.RawConnection;
import io.lacquer.front.testkit.TestOrigin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retries and redispatch, maxconn queueing, queue and server timeouts, slow request heads. */
class FailureIT {
    private static TestOrigin live;
    private static int deadPort;
    /** A listener whose accept queue is full and never drained: connecting to it hangs. */
    private static java.net.ServerSocket hung;
    private static final List<Socket> FILLERS = new ArrayList<>();
    private static Front front;
    private final Client client = new Client();

    @BeforeAll
    static void start() throws java.io.IOException {
        live = new TestOrigin("live");
        TestOrigin dead = new TestOrigin("dead");
        deadPort = dead.port();
        dead.close();
        hung = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        for (int i = 0; i < 8; i++) {
            Socket f = new Socket();
            try {
                f.connect(hung.getLocalSocketAddress(), 200);
                FILLERS.add(f);
            } catch (java.io.IOException e) {
                // the queue is full: further connects now hang
                f.close();
                break;
            }
        }
        front = Front.start("""
                defaults
                    mode http
                    timeout connect 500ms
                    timeout server 5s
                    timeout http-request 300ms
                frontend www
                    bind 127.0.0.1:0
                    option forwardfor
                    use_backend redispatch if { path_beg /rd }
                    use_backend noredispatch if { path_beg /nord }
                    use_backend queued if { path_beg /q/ }
                    use_backend shortqueue if { path_beg /sq/ }
                    use_backend shortserver if { path_beg /ss/ }
                    use_backend queuedshort if { path_beg /qs/ }
                    use_backend hung if { path_beg /hung/ }
                    use_backend hungonly if { path_beg /hungonly/ }
                    default_backend redispatch
                backend redispatch
                    retries 2
                    option redispatch
                    server dead 127.0.0.1:${dead}
                    server live 127.0.0.1:${live}
                backend noredispatch
                    retries 2
                    server dead 127.0.0.1:${dead}
                backend queued
                    timeout queue 5s
                    server live 127.0.0.1:${live} maxconn 1
                backend shortqueue
                    timeout queue 150ms
                    server live 127.0.0.1:${live} maxconn 1
                backend shortserver
                    timeout server 300ms
                    server live 127.0.0.1:${live}
                backend hung
                    balance first
                    timeout connect 200ms
                    retries 1
                    option redispatch
                    server hung 127.0.0.1:${hung}
                    server live 127.0.0.1:${live}
                backend hungonly
                    timeout connect 200ms
                    retries 0
                    server hung 127.0.0.1:${hung}
                backend queuedshort
                    timeout server 300ms
                    timeout queue 5s
                    server live 127.0.0.1:${live} maxconn 1
                """, Map.of("dead", deadPort, "live", live.port(), "hung", hung.getLocalPort()));
    }

    @AfterAll
    static void stop() throws java.io.IOException {
        front.close();
        live.close();
        for (Socket f : FILLERS) {
            f.close();
        }
        hung.close();
    }

    private BackendRuntime backend(String name) {
        return front.server().topology().backend(name);
    }

    @Test
    void connectionFailuresAreRetriedThenRedispatched() {
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = client.get(front.url("www") + "/rd/" + i);
            assertEquals(200, r.statusCode());
            assertEquals("live", r.body());
        }
        BackendRuntime b = backend("redispatch");
        ServerState dead = b.servers().get(0);
        assertTrue(dead.counters().connectErrors() >= 3, "tried the dead server: " + dead.counters().connectErrors());
        assertTrue(b.counters().retries() >= 1, "retried");
        assertTrue(b.counters().redispatches() >= 1, "redispatched");
    }

    @Test
    void connectTimeoutCountsAsAFailedConnection() {
        long start = System.nanoTime();
        HttpResponse<String> r = client.get(front.url("www") + "/hung/x");
        assertEquals("live", r.body(), "redispatched after the connect timeout");
        long t0 = System.nanoTime();
        HttpResponse<String> none = client.get(front.url("www") + "/hungonly/x");
        assertEquals(503, none.statusCode());
        assertTrue((System.nanoTime() - t0) / 1_000_000 >= 150, "the connect hung until timeout connect");
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 4000, "bounded by timeout connect, took " + ms + " ms");
        assertEquals(1, backend("hung").servers().get(0).counters().connectErrors(), "retries 1: the retry is the redispatch");
        assertEquals(1, backend("hungonly").servers().get(0).counters().connectErrors());
    }

    @Test
    void aConnectThatTimesOutIsAbandoned() throws java.io.IOException {
        assertEquals(503, client.get(front.url("www") + "/hungonly/x").statusCode());
        assertEquals(List.of(), connectingTo(hung.getLocalPort()), "sockets still connecting to the hung server");
    }

    /**
     * The local addresses of this host's TCP sockets still connecting (SYN_SENT) to a port, from
     * Linux's socket tables (the JVM's sockets are IPv6 ones, so both tables).
     */
    private static List<String> connectingTo(int port) throws java.io.IOException {
        String remote = String.format(":%04X", port);
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
        lines.addAll(Files.readAllLines(Path.of("/proc/net/tcp6")));
        return lines.stream()
                .map(line -> line.trim().split("\\s+"))
                .filter(f -> f[2].endsWith(remote) && f[3].equals("02"))
                .map(f -> f[1])
                .toList();
    }

    @Test
    void forwardforOnTheFrontendAppendsForEveryBackend() {
        client.get(front.url("www") + "/rd/xff", "X-Forwarded-For", "203.0.113.9");
        assertEquals(List.of("203.0.113.9", "127.0.0.1"), List.copyOf(live.lastHeaders().get("X-Forwarded-For")));
    }

    @Test
    void withoutRedispatchTheRequestFailsWith503() {
        long t0 = System.nanoTime();
        HttpResponse<String> r = client.get(front.url("www") + "/nord");
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 900, "two retries, each after min(timeout connect 500ms, 1s): took " + ms + " ms");
        assertEquals(503, r.statusCode());
        assertEquals(ErrorPage.SERVICE_UNAVAILABLE.body(), r.body());
        // 1 attempt + 2 retries
        assertEquals(3, backend("noredispatch").servers().get(0).counters().connectErrors());
    }

    @Test
    void maxconnQueuesExcessRequests() throws Exception {
        List<HttpResponse<String>> rs = concurrently(4, "/q/slow?ms=150");
        rs.forEach(r -> assertEquals(200, r.statusCode(), r.body()));
        ServerState s = backend("queued").servers().get(0);
        assertTrue(s.slots().queueMax() >= 1, "requests waited in the queue");
        // slots are released when an exchange completes, which may be just after the client has its answer
        Await.until("slots and queue empty", 2000, () -> s.slots().used() == 0 && s.slots().queued() == 0);
        assertTrue(live.maxConcurrent() >= 1);
        assertEquals(1, s.counters().max(), "smax never exceeds maxconn");
    }

    @Test
    void queueTimeoutAnswers503() throws Exception {
        List<HttpResponse<String>> rs = concurrently(3, "/sq/slow?ms=600");
        long ok = rs.stream().filter(r -> r.statusCode() == 200).count();
        long unavailable = rs.stream().filter(r -> r.statusCode() == 503).count();
        assertTrue(ok >= 1, "one request got the slot");
        assertTrue(unavailable >= 1, "queued requests timed out with 503");
    }

    @Test
    void serverTimeoutAnswers504() {
        HttpResponse<String> r = client.get(front.url("www") + "/ss/slow?ms=2000");
        assertEquals(504, r.statusCode());
        assertEquals(ErrorPage.GATEWAY_TIMEOUT.body(), r.body());
        // counted when the exchange completes, which may be just after the client has the answer
        Await.until("eresp counted", 2000, () -> backend("shortserver").counters().responseErrors() >= 1);
    }

    @Test
    void serverTimeoutIsForSilenceNotForTheWholeResponse() {
        // eight chunks 100 ms apart: 800 ms in all against a 300 ms `timeout server`
        HttpResponse<String> r = client.get(front.url("www") + "/ss/drip?chunks=8&ms=100");
        assertEquals(200, r.statusCode());
        assertEquals("0123456789".repeat(8), r.body());
    }

    @Test
    void aRequestBodyThatStopsComingGets504AndAClosedConnection() {
        // the server waits for the rest in silence: `timeout server` strikes, as in HAProxy 2.6
        try (RawConnection c = new RawConnection(front.server().port("www"), 5000)) {
            String got = c.send("POST /ss/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b")
                    .untilClosed();
            assertTrue(got.startsWith("HTTP/1.1 504"), got);
            assertTrue(got.contains("Connection: close"), "the rest of the body may still come: " + got);
        }
    }

    @Test
    void serverSilentAfterTheResponseHeadAbortsTheConnection() {
        try (RawConnection c = new RawConnection(front.server().port("www"), 5000)) {
            String got = c.get("/ss/drip?chunks=2&ms=1000").untilClosed();
            assertTrue(got.startsWith("HTTP/1.1 200"), "the head went out before the abort: " + got);
            assertFalse(got.endsWith("0\r\n\r\n"), "no last chunk: " + got);
        }
    }

    @Test
    void connectionStaysOpenAfterA504() {
        try (RawConnection c = new RawConnection(front.server().port("www"), 5000)) {
            String timedOut = c.get("/ss/slow?ms=1000").response();
            assertTrue(timedOut.startsWith("HTTP/1.1 504"), timedOut);
            assertTrue(timedOut.endsWith(ErrorPage.GATEWAY_TIMEOUT.body()), timedOut);
            assertTrue(c.get("/rd/next").response().endsWith("live"), "as HAProxy, the client connection is kept");
        }
    }

    @Test
    void requestsTimingOutInTheQueueGiveTheirPlaceBack() throws Exception {
        List<HttpResponse<String>> rs = concurrently(3, "/qs/slow?ms=1000");
        rs.forEach(r -> assertEquals(504, r.statusCode()));
        ServerState s = backend("queuedshort").servers().get(0);
        Await.until("slots and queue empty", 3000, () -> s.slots().used() == 0 && s.slots().queued() == 0);
        // the server is usable again: a fast request gets through at once
        assertEquals(200, client.get(front.url("www") + "/qs/fast").statusCode());
    }

    @Test
    void slowRequestHeadIsAnsweredWith408() throws Exception {
        try (Socket s = new Socket("127.0.0.1", front.server().port("www"))) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            out.write("GET /rd/x HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String resp = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(resp.startsWith("HTTP/1.1 408"), "got: " + resp);
            assertTrue(resp.contains("408 Request Time-out"));
        }
    }

    @Test
    void aHeadComingInPiecesHasTheHttpRequestTimeInAll() {
        try (RawConnection c = new RawConnection(front.server().port("www"), 3000)) {
            // 1.1 s in all, each piece well within the 300 ms
            c.trickle("GET /rd/trickled HTTP/1.1\r\nHost: x\r\nX-Slow: 0123456789\r\n\r\n", 4, 100);
            String after = c.untilClosed();
            assertTrue(after.startsWith("HTTP/1.1 408"), "got: " + after);
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedWithoutA408() {
        // as HAProxy: a 408 here could cross a request the client is sending at that moment
        try (RawConnection c = new RawConnection(front.server().port("www"), 3000)) {
            assertTrue(c.get("/rd/idle").response().endsWith("live"));
            String after = c.untilClosed();
            assertEquals("", after, "closed without a word after timeout http-request");
        }
    }

    @Test
    void aStalledHeadOnAKeptAliveConnectionIsAnsweredWith408() {
        try (RawConnection c = new RawConnection(front.server().port("www"), 3000)) {
            assertTrue(c.get("/rd/first").response().endsWith("live"));
            c.send("GET /rd/second HTTP/1.1\r\nHost: x\r\n");
            String after = c.untilClosed();
            assertTrue(after.startsWith("HTTP/1.1 408"), "got: " + after);
        }
    }

    private List<HttpResponse<String>> concurrently(int n, String path) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<HttpResponse<String>>> fs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                fs.add(CompletableFuture.supplyAsync(() -> new Client().get(front.url("www") + path), pool));
            }
            List<HttpResponse<String>> out = new ArrayList<>();
            for (var f : fs) {
                out.add(f.get());
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }
}
