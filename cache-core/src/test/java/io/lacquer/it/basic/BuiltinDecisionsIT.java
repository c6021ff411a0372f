package io.lacquer.it.basic;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decisions of Varnish's builtin.vcl: pass, pipe and hit-for-miss. */
class BuiltinDecisionsIT {
    private ScriptedOrigin origin;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        node = TestNode.start(origin.hostPort());
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "max-age=60").send(req.method() + " " + req.target()));
    }

    @AfterEach
    void stop() {
        node.close();
        origin.close();
    }

    @Test
    void setCookieMakesAHitForMissObject() throws Exception {
        origin.on("/cookie", (req, resp) -> resp.header("Cache-Control", "max-age=60")
                .header("Set-Cookie", "session=1").send("cookie"));

        RawHttp.Response first = node.get("/cookie");
        RawHttp.Response second = node.get("/cookie");

        assertEquals("session=1", second.header("Set-Cookie"));
        assertEquals(2, origin.count("/cookie"), "a response setting a cookie is never served from cache");
        assertEquals(1, node.counter(Counter.CACHE_HITMISS));
        assertEquals(2, node.counter(Counter.CACHE_MISS));
        assertTrue(second.header("X-Varnish").matches("\\d+"), "a hit-for-miss is a miss: " + second.header("X-Varnish"));
        assertTrue(first.header("X-Varnish").matches("\\d+"));
    }

    @Test
    void uncacheableCacheControlIsHitForMiss() throws Exception {
        origin.on("/nostore", (req, resp) -> resp.header("Cache-Control", "no-store").send("x"));
        node.get("/nostore");
        node.get("/nostore");
        assertEquals(2, origin.count("/nostore"));
        assertEquals(1, node.counter(Counter.CACHE_HITMISS));
    }

    @Test
    void requestsWithCookiePassAndAuthorizedOnesAreNotStoredWithoutPermission() throws Exception {
        node.get("/c", "Cookie: a=b");
        node.get("/c", "Cookie: a=b");
        node.get("/auth", "Authorization: Basic dTpw");
        node.get("/auth", "Authorization: Basic dTpw");

        assertEquals(2, origin.count("/c"));
        assertEquals(2, origin.count("/auth"), "max-age=60 does not let a shared cache reuse it (RFC 9111 §3.5)");
        assertEquals(2, node.counter(Counter.S_PASS));
        assertEquals("Basic dTpw", origin.last("/auth").header("authorization"));
        assertEquals("a=b", origin.last("/c").header("cookie"), "pass forwards the cookie");
        assertEquals(1, node.awaitCounter(Counter.N_OBJECT, 1), "only the hit-for-miss marker of /auth; passed responses are not stored");
        node.get("/c");
        assertEquals(3, origin.count("/c"), "an anonymous request after a pass is a miss");
    }

    @Test
    void postPassesWithItsBody() throws Exception {
        String request = "POST /form HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
                + "Connection: close\r\n\r\nhello=world";
        RawHttp.Response r = RawHttp.send(node.port(), request);

        assertEquals(200, r.status());
        assertEquals("POST /form", r.text());
        assertEquals("hello=world", new String(origin.last("/form").body(), StandardCharsets.UTF_8));
        assertEquals(1, node.counter(Counter.S_PASS));
    }

    @Test
    void aLargeBodyPassesWhole() throws Exception {
        // past Undertow's default request size limit (2 MiB): varnishd sets none
        byte[] body = new byte[5 * 1024 * 1024];
        new Random(7).nextBytes(body);
        try (Socket s = RawHttp.open(node.port())) {
            s.getOutputStream().write(("POST /large HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().write(body);
            assertEquals(200, RawHttp.read(new BufferedInputStream(s.getInputStream()), true).status());
        }
        assertArrayEquals(body, origin.last("/large").body());
    }

    @Test
    void chunkedRequestBodyIsForwardedOnPass() throws Exception {
        String request = "PUT /up HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        RawHttp.Response r = RawHttp.send(node.port(), request);

        assertEquals(200, r.status());
        assertEquals("hello world", new String(origin.last("/up").body(), StandardCharsets.UTF_8));
    }

    @Test
    void unknownMethodsArePassedAsRequests() throws Exception {
        RawHttp.Response r = RawHttp.request(node.port(), "BREW", "/pot");

        assertEquals(200, r.status());
        assertEquals("BREW /pot", r.text());
        assertEquals(1, node.counter(Counter.S_PASS), "passed, not piped: the answer can invalidate (RFC 9111 §4.4)");
        assertEquals(0, node.counter(Counter.S_PIPE));
    }

    /* Replaces the node with one whose policy pipes every URL under /pipe; params in name, value pairs. */
    private void pipeUnderSlashPipe(String... params) {
        node.close();
        TestNode.Builder b = TestNode.builder(origin.hostPort());
        for (int i = 0; i < params.length; i += 2) {
            b.param(params[i], params[i + 1]);
        }
        node = b.vcl(d -> new io.lacquer.core.vcl.ForwardingVcl(
                new io.lacquer.core.vcl.BuiltinVcl("piping", d)) {
            @Override
            public io.lacquer.core.vcl.Action recv(io.lacquer.core.vcl.ClientContext ctx) {
                return ctx.req().url().startsWith("/pipe") ? io.lacquer.core.vcl.Action.PIPE : super.recv(ctx);
            }
        }).start();
    }

    @Test
    void pipeRelaysTheRequestAndClosesTheConnection() throws Exception {
        pipeUnderSlashPipe();

        RawHttp.Response r = RawHttp.request(node.port(), "GET", "/pipe/x");

        assertEquals(200, r.status());
        assertEquals("GET /pipe/x", r.text());
        assertEquals("close", origin.last("/pipe/x").header("connection"));
        assertEquals("close", r.header("Connection"));
        assertEquals(1, node.counter(Counter.S_PIPE));
    }

    @Test
    void pipeAnswersExpectContinueItselfBeforeRelayingTheBody() throws Exception {
        pipeUnderSlashPipe();
        // the body is not sent until the 100 arrives: without it, this times out
        assertEquals(200, RawHttp.postAfterContinue(node.port(), "/pipe/up", "hello").status());
        assertEquals("hello", new String(origin.last("/pipe/up").body(), StandardCharsets.UTF_8));
        assertNull(origin.last("/pipe/up").header("expect"), "answered by the node, as varnishd does");
    }

    @Test
    void aPipedBackendSilentForPipeTimeoutClosesTheConnectionWithoutAnAnswer() throws Exception {
        pipeUnderSlashPipe("pipe_timeout", "1");
        origin.on("/pipe/silent", (req, resp) -> {
            Thread.sleep(4000);
            resp.send("late");
        });
        try (Socket s = RawHttp.open(node.port())) {
            s.getOutputStream().write("GET /pipe/silent HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            // as varnishd's pipe: closed after 1 s, before the backend's answer at 4 s, and no 503
            // (first_byte_timeout, 60 s here, does not apply)
            assertEquals(-1, s.getInputStream().read());
        }
    }

    @Test
    void aPipedRequestBodyWaitsForPipeTimeoutNotTimeoutIdle() throws Exception {
        pipeUnderSlashPipe("timeout_idle", "1");
        try (Socket s = RawHttp.open(node.port())) {
            s.getOutputStream().write("POST /pipe/pause HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello"
                    .getBytes(StandardCharsets.ISO_8859_1));
            Thread.sleep(2000);
            s.getOutputStream().write("world".getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(200, RawHttp.read(new BufferedInputStream(s.getInputStream()), true).status());
        }
        assertEquals("helloworld", new String(origin.last("/pipe/pause").body(), StandardCharsets.UTF_8));
    }

    @Test
    void priIsRefusedAndHopByHopHeadersStayBehind() throws Exception {
        assertEquals(405, RawHttp.request(node.port(), "PRI", "/x").status());

        node.get("/hop", "Keep-Alive: timeout=5", "Upgrade: h2c", "X-Drop: 1", "Connection: X-Drop");

        ScriptedOrigin.Request bereq = origin.last("/hop");
        assertNull(bereq.header("upgrade"));
        assertNull(bereq.header("keep-alive"));
        assertNull(bereq.header("x-drop"), "fields named in Connection are hop-by-hop too");
        assertFalse("close".equals(bereq.header("connection")));
    }
}
