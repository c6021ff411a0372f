package io.lacquer.it.basic;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the node treats a client's connection: pipelining, HTTP/1.0 keep-alive, 100-continue, slow heads and slow readers. */
class ClientConnectionIT {
    private static final int LARGE = 8 << 20;

    private ScriptedOrigin origin;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "max-age=60").send("body of " + req.path()));
        node = TestNode.start(origin.hostPort());
    }

    @AfterEach
    void stop() {
        node.close();
        origin.close();
    }

    @Test
    void pipelinedMissesHitsAndPassesAreAnsweredInOrder() throws Exception {
        node.get("/cached");
        // a request after the first is handled on the thread that finished the previous response,
        // and a miss there waits for its fetch like any other
        String[] paths = {"/miss1", "/miss2", "/cached", "/miss3", "/pass"};
        StringBuilder requests = new StringBuilder();
        for (String p : paths) {
            requests.append(p.equals("/pass") ? "POST " : "GET ").append(p).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append(p.equals("/pass") ? "Content-Length: 0\r\n" : "").append("\r\n");
        }
        try (Socket s = RawHttp.open(node.port())) {
            s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (String p : paths) {
                RawHttp.Response r = RawHttp.read(in, true);
                assertEquals(200, r.status(), p);
                assertEquals("body of " + p, r.text());
            }
        }
        assertEquals(1, origin.count("/cached"));
    }

    @Test
    void anHttp10ClientAskingForKeepAliveIsToldAndKeepsItsConnection() throws Exception {
        try (Socket s = RawHttp.open(node.port())) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (String p : new String[] {"/old1", "/old2"}) {
                s.getOutputStream().write(("GET " + p + " HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                RawHttp.Response r = RawHttp.read(in, true);
                assertEquals("body of " + p, r.text());
                assertEquals("keep-alive", r.header("Connection"), "an HTTP/1.0 client closes unless told");
            }
        }
    }

    @Test
    void aClientExpecting100ContinueGetsItBeforeSendingTheBody() throws Exception {
        // the body is not sent until the 100 arrives: without it, this times out
        assertEquals(200, RawHttp.postAfterContinue(node.port(), "/upload", "hello").status());
        assertEquals("hello", new String(origin.last("/upload").body(), StandardCharsets.UTF_8));
        assertNull(origin.last("/upload").header("expect"), "answered by the node, as varnishd does");
    }

    @Test
    void clientsThatStopReadingAreCutAfterTheSendTimeoutsAndFreeTheirWorkers() throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).param("worker_threads", "2")
                .param("idle_send_timeout", "1").param("send_timeout", "1").start();
        int size = 16 << 20;
        origin.on("/stalled", (req, resp) -> {
            // half now, half later: the delivery streams on a worker thread, which the client then blocks
            resp.raw("HTTP/1.1 200 OK\r\nCache-Control: no-store\r\nContent-Length: " + size + "\r\n\r\n"
                    + "x".repeat(size / 2));
            Thread.sleep(500);
            resp.raw("x".repeat(size / 2));
        });
        origin.on("/after", (req, resp) -> resp.header("Cache-Control", "no-store").send("passed"));
        Socket[] stalled = {nonReading(), nonReading()};
        try {
            for (int i = 0; i < stalled.length; i++) {
                stalled[i].getOutputStream().write(("GET /stalled?" + i + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            Thread.sleep(3000);
            // both worker threads were held until the timeout freed them; without it this is never answered
            assertEquals("passed", node.get("/after").text());
            for (Socket s : stalled) {
                assertTrue(drain(s) < size, "the stalled response was cut, not completed");
            }
        } finally {
            for (Socket s : stalled) {
                s.close();
            }
        }
    }

    @Test
    void aHitToAClientThatStopsReadingIsCutToo() throws Exception {
        try (Socket s = stalledHit("1")) {
            assertTrue(drain(s) < LARGE, "the hit, written without a worker thread, was cut as well");
        }
    }

    @Test
    void aStallIsWaitedOutWhileTheResponseIsYoungerThanSendTimeout() throws Exception {
        // as varnishd: the wait of idle_send_timeout starts over until send_timeout (600 s by default) has passed
        try (Socket s = stalledHit("600")) {
            assertEquals(LARGE, RawHttp.read(new BufferedInputStream(s.getInputStream()), true).body().length);
        }
    }

    /* A client that asks for a stored LARGE body and then reads nothing for 3 s. */
    private Socket stalledHit(String sendTimeout) throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).param("idle_send_timeout", "1").param("send_timeout", sendTimeout).start();
        origin.on("/large", (req, resp) -> resp.header("Cache-Control", "max-age=60").send(new byte[LARGE]));
        assertEquals(LARGE, node.get("/large").body().length);
        Socket s = nonReading();
        s.getOutputStream().write("GET /large HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        Thread.sleep(3000);
        return s;
    }

    @Test
    void timeSpentBetweenWritesIsNotASendStall() throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).param("idle_send_timeout", "1").param("send_timeout", "1").start();
        origin.on("/slow", (req, resp) -> {
            resp.header("Cache-Control", "no-store").startChunked();
            resp.chunk("first ");
            Thread.sleep(2000);
            resp.chunk("second");
            resp.end();
        });
        try (Socket s = RawHttp.open(node.port())) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            // a backend that pauses longer than the timeout, to a client that reads everything
            s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("first second", RawHttp.read(in, true).text());
            // a kept-alive connection idle for longer than the timeout, then a request on it
            Thread.sleep(2000);
            s.getOutputStream().write("GET /again HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("body of /again", RawHttp.read(in, true).text());
        }
    }

    /* A connection whose small receive buffer the test never reads: the node's writes to it soon block. */
    private Socket nonReading() throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), node.port()));
        s.setSoTimeout(20_000);
        return s;
    }

    /* Reads what the node sent until it closed the connection; the byte count. */
    private static long drain(Socket s) {
        long n = 0;
        byte[] buf = new byte[65536];
        try {
            InputStream in = s.getInputStream();
            for (int r; (r = in.read(buf)) >= 0; ) {
                n += r;
            }
        } catch (IOException e) {
            // a reset ends it as well as a close
        }
        return n;
    }

    @Test
    void aRequestBodyThatStopsComingFailsItsFetchAfterTimeoutIdle() throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).param("timeout_idle", "1").start();
        try (Socket s = RawHttp.open(node.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
                    + "only ten b").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(s.getInputStream());
            // as varnishd: the passed body stops, so does its fetch; and the connection, whose next bytes are unknown
            RawHttp.Response r = RawHttp.read(in, true);
            assertEquals(503, r.status());
            assertEquals("close", r.header("Connection"));
            assertEquals(-1, in.read());
        }
        assertEquals("body of /after", node.get("/after").text());
    }

    @Test
    void aRequestHeadStillIncompleteAfterTimeoutIdleIsCut() throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).param("timeout_idle", "1").start();
        try (Socket s = RawHttp.open(node.port())) {
            s.setSoTimeout(10_000);
            // a slow-header client: a head begun and never finished
            s.getOutputStream().write("GET /slow HTTP/1.1\r\nHo".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(-1, s.getInputStream().read(), "closed, as varnishd closes it after timeout_idle");
        }
        assertEquals("body of /after", node.get("/after").text());
    }
}
