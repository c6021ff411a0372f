package io.lacquer.it.basic;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dead, refusing, slow or broken backend gives a 503 naming the request, never a hung client. */
class BackendFailureIT {
    @Test
    void refusedConnectionGives503WithTheXid() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort();
        }
        try (TestNode node = TestNode.start("127.0.0.1:" + deadPort)) {
            RawHttp.Response r = node.get("/x");

            assertEquals(503, r.status());
            assertEquals("Backend fetch failed", r.reason());
            // as builtin.vcl's backend error page, it names the backend transaction, which takes the id after the request's
            long reqXid = Long.parseLong(r.header("X-Varnish"));
            assertTrue(r.text().contains("XID: " + (reqXid + 1)), r.text());
            assertEquals("5", r.header("Retry-After"));
            assertEquals(1, node.counter(Counter.BACKEND_FAIL));
            assertEquals(1, node.counter(Counter.FETCH_FAILED));
            assertEquals(0, node.counter(Counter.N_OBJECT), "an error page is not stored");
            assertEquals(503, node.get("/x").status(), "and the next request tries again");
            assertEquals(2, node.counter(Counter.BACKEND_FAIL));
        }
    }

    @Test
    void aRequestWithABodyGoesThroughAfterTheBackendClosedItsIdleConnections() throws Exception {
        // servers close idle keep-alive connections (Apache after 5 s): a body, read from the
        // client as it is sent, cannot be sent again on a fresh connection if a stale one fails
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.otherwise((req, resp) -> resp.send(req.method() + " " + new String(req.body(), StandardCharsets.UTF_8)));
            assertEquals(200, node.get("/warm").status());
            origin.closeConnections();
            Thread.sleep(100);
            for (String method : new String[] {"POST", "PUT"}) {
                RawHttp.Response r = RawHttp.send(node.port(), method + " /form HTTP/1.1\r\nHost: x\r\n"
                        + "Content-Length: 5\r\nConnection: close\r\n\r\nhello");
                assertEquals(200, r.status(), method);
                assertEquals(method + " hello", r.text());
            }
        }
    }

    @Test
    void aGetGoesThroughWhenEveryPooledConnectionWasClosedByTheBackend() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            CountDownLatch together = new CountDownLatch(3);
            origin.otherwise((req, resp) -> {
                together.countDown();
                together.await(5, TimeUnit.SECONDS);
                resp.send("fresh");
            });
            // three fetches at once leave three connections in the pool
            ExecutorService clients = Executors.newFixedThreadPool(3);
            try {
                List<Future<RawHttp.Response>> warm = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    String p = "/warm" + i;
                    warm.add(clients.submit(() -> node.get(p)));
                }
                for (Future<RawHttp.Response> f : warm) {
                    assertEquals(200, f.get(10, TimeUnit.SECONDS).status());
                }
            } finally {
                clients.shutdownNow();
            }
            origin.closeConnections();
            Thread.sleep(100);
            assertEquals("fresh", node.get("/after-quiet").text(), "stale pooled connections are skipped");
        }
    }

    @Test
    void slowFirstByteTimesOut() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start();
             TestNode node = TestNode.builder(origin.hostPort()).param("first_byte_timeout", "0.5").start()) {
            origin.on("/slow", (req, resp) -> {
                Thread.sleep(5000);
                resp.send("too late");
            });
            RawHttp.Response r = assertTimeoutPreemptively(java.time.Duration.ofSeconds(4), () -> node.get("/slow"));
            assertEquals(503, r.status());
            assertEquals(1, node.counter(Counter.FETCH_FAILED));
        }
    }

    @Test
    void stalledBodyTimesOutAndTruncatesTheResponse() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start();
             TestNode node = TestNode.builder(origin.hostPort()).param("between_bytes_timeout", "0.5").start()) {
            origin.on("/stall", (req, resp) -> {
                resp.header("Cache-Control", "max-age=60").startChunked();
                resp.chunk("part one");
                Thread.sleep(5000);
            });
            assertTimeoutPreemptively(java.time.Duration.ofSeconds(4), () -> {
                try {
                    RawHttp.Response r = node.get("/stall");
                    throw new AssertionError("a truncated body must not look complete: " + r.text());
                } catch (java.io.IOException expected) {
                    // the client saw the connection close mid-body
                }
            });
            assertEquals(0, node.counter(Counter.N_OBJECT), "a broken body is never stored");
        }
    }

    @Test
    void originClosingBeforeAnsweringGives503() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/close", (req, resp) -> resp.close());
            assertEquals(503, node.get("/close").status());
        }
    }

    @Test
    void malformedResponsesGive503() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/garbage", (req, resp) -> resp.raw("this is not http\r\n\r\n"));
            origin.on("/fold", (req, resp) -> resp.raw("HTTP/1.1 200 OK\r\nX-A: 1\r\n folded\r\nContent-Length: 0\r\n\r\n"));
            origin.on("/te", (req, resp) -> resp.raw("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\nxx"));
            origin.on("/cl", (req, resp) -> resp.raw("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd"));

            assertEquals(503, node.get("/garbage").status());
            assertEquals(503, node.get("/fold").status());
            assertEquals(503, node.get("/te").status());
            assertEquals(503, node.get("/cl").status());
        }
    }

    @Test
    void closeDelimitedAndHttp10BodiesAreReadToTheEnd() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/eof", (req, resp) -> {
                resp.raw("HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\n\r\nread until close");
                resp.close();
            });
            origin.on("/old", (req, resp) -> {
                resp.raw("HTTP/1.0 200 OK\r\nCache-Control: max-age=60\r\n\r\nhttp/1.0 body");
                resp.close();
            });
            assertEquals("read until close", node.get("/eof").text());
            assertEquals("read until close", node.get("/eof").text());
            assertEquals("http/1.0 body", node.get("/old").text());
            assertEquals(1, origin.count("/eof"));
        }
    }

    @Test
    void pooledConnectionsAreReusedAndStaleOnesRetried() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/k", (req, resp) -> resp.header("Cache-Control", "no-store").send("k"));
            origin.on("/bye", (req, resp) -> {
                resp.header("Cache-Control", "no-store").send("bye");
                resp.close();
            });
            for (int i = 0; i < 5; i++) {
                assertEquals("k", node.get("/k").text());
            }
            assertEquals(1, node.counter(Counter.BACKEND_CONN));
            assertEquals(4, node.counter(Counter.BACKEND_REUSE));
            // the origin closes after answering: the pooled connection is dead; the next fetch retries on a new one
            node.get("/bye");
            TimeUnit.MILLISECONDS.sleep(100);
            assertEquals("k", node.get("/k").text());
        }
    }
}
