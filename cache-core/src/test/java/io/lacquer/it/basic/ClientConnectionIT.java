package io.lacquer.it.basic;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the node treats a client's connection: pipelining, HTTP/1.0 keep-alive, 100-continue, slow heads. */
class ClientConnectionIT {
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
        try (Socket s = RawHttp.open(node.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                    + "Expect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(s.getInputStream());
            // the body is not sent until the 100 arrives: without it, this read times out
            assertEquals("HTTP/1.1 100 Continue", RawHttp.line(in));
            while (!RawHttp.line(in).isEmpty()) {
                // Undertow adds Content-Length: 0 to its 100
            }
            s.getOutputStream().write("hello".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(200, RawHttp.read(in, true).status());
        }
        assertEquals("hello", new String(origin.last("/upload").body(), StandardCharsets.UTF_8));
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
