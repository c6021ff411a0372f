package io.lacquer.it.basic;

import io.lacquer.core.stats.Counter;
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

/** Malformed requests get a 4xx, and the node keeps serving everyone else. */
class MalformedRequestIT {
    private ScriptedOrigin origin;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "max-age=60").send("fine"));
        node = TestNode.start(origin.hostPort());
    }

    @AfterEach
    void stop() {
        node.close();
        origin.close();
    }

    @Test
    void garbageRequestLineIs400() throws Exception {
        assertEquals(400, RawHttp.send(node.port(), "THIS IS NOT HTTP\r\n\r\n").status());
        assertEquals(400, RawHttp.send(node.port(), "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n").status());
        assertEquals("fine", node.get("/after").text());
    }

    @Test
    void oversizedHeadersAre431() throws Exception {
        String big = "X-Big: " + "a".repeat(40 * 1024);
        RawHttp.Response r = RawHttp.get(node.port(), "/big", big);
        assertEquals(431, r.status());
        assertEquals("fine", node.get("/after").text());
    }

    @Test
    void aBodyInAnotherTransferCodingThanChunkedIs400AndClosesTheConnection() throws Exception {
        // as varnishd: the body's end cannot be known, so neither can where the next request starts
        for (String te : new String[] {"gzip", "gzip, chunked", "chunked, gzip"}) {
            try (Socket s = RawHttp.open(node.port())) {
                s.getOutputStream().write(("POST /te HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + te
                        + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                InputStream in = new BufferedInputStream(s.getInputStream());
                assertEquals(400, RawHttp.read(in, true).status(), te);
                assertEquals(-1, in.read(), "closed after the 400");
            }
        }
        assertEquals(0, origin.count("/te"));
        assertEquals(3, node.counter(Counter.CLIENT_REQ_400));
        assertEquals("fine", node.get("/after").text());
    }

    @Test
    void anExpectationOtherThan100ContinueIs417AndClosesTheConnection() throws Exception {
        try (Socket s = RawHttp.open(node.port())) {
            s.getOutputStream().write("POST /expect HTTP/1.1\r\nHost: x\r\nExpect: bogus\r\nContent-Length: 3\r\n\r\nabc"
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = new BufferedInputStream(s.getInputStream());
            assertEquals(417, RawHttp.read(in, true).status());
            assertEquals(-1, in.read(), "closed after the 417");
        }
        assertEquals(0, origin.count("/expect"));
        assertEquals(1, node.counter(Counter.CLIENT_REQ_417));
        assertEquals("fine", node.get("/after", "Expect: 100-Continue").text(), "100-continue in any case is met");
    }

    @Test
    void http11WithoutHostIs400() throws Exception {
        RawHttp.Response r = RawHttp.send(node.port(), "GET /nohost HTTP/1.1\r\nConnection: close\r\n\r\n");
        assertEquals(400, r.status());
        assertEquals(0, origin.count("/nohost"));
        RawHttp.Response old = RawHttp.send(node.port(), "GET /nohost HTTP/1.0\r\n\r\n");
        assertEquals(200, old.status(), "HTTP/1.0 may omit Host");
        assertEquals("fine", node.get("/after").text());
    }
}
