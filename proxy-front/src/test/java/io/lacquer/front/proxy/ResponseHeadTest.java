package io.lacquer.front.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.proxy.ResponseHead.MalformedResponseException;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseHeadTest {
    /** Where the last parse put its header fields: a new map each time, as each exchange has its own. */
    private HeaderMap headers = new HeaderMap();

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private ResponseHead parse(String s, boolean head) throws MalformedResponseException {
        ByteBuffer b = bytes(s);
        int len = ResponseHead.end(b, 0);
        assertTrue(len > 0, "head not complete: " + s);
        headers = new HeaderMap();
        return ResponseHead.parse(b, len, head, headers);
    }

    private ResponseHead parse(String s) throws MalformedResponseException {
        return parse(s, false);
    }

    @Test
    void theEndOfTheHeadIsFoundWithCrlfOrBareLf() {
        assertEquals(-1, ResponseHead.end(bytes("HTTP/1.1 200 OK\r\nA: b\r\n"), 0));
        assertEquals(25, ResponseHead.end(bytes("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody"), 0));
        assertEquals(22, ResponseHead.end(bytes("HTTP/1.1 200 OK\nA: b\n\nbody"), 0));
        // resuming the scan where an earlier read ended still sees a terminator split across reads
        assertEquals(25, ResponseHead.end(bytes("HTTP/1.1 200 OK\r\nA: b\r\n\r\nbody"), 24));
    }

    @Test
    void statusReasonAndHeadersAreRead() throws Exception {
        ByteBuffer b = bytes("HTTP/1.1 404 Not Here\r\nContent-Length: 3\r\nX-A:  spaced out \t\r\n"
                + "Set-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nabc");
        ResponseHead h = ResponseHead.parse(b, ResponseHead.end(b, 0), false, headers);
        assertEquals(404, h.status);
        assertEquals("Not Here", h.reason);
        assertEquals("spaced out", headers.getFirst("X-A"));
        assertEquals(List.of("a=1", "b=2"), List.copyOf(headers.get(Headers.SET_COOKIE)));
        assertSame(Headers.CONTENT_LENGTH, headers.get("content-length").getHeaderName());
        assertSame(Headers.SET_COOKIE, headers.get("SET-COOKIE").getHeaderName());
        assertEquals(3, h.bodyLength);
        assertTrue(h.reusable);
        assertEquals("abc", StandardCharsets.ISO_8859_1.decode(b).toString(), "the position is past the head");
    }

    @Test
    void anEmptyReasonIsAllowed() throws Exception {
        assertEquals("", parse("HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n").reason);
        assertEquals("", parse("HTTP/1.1 200 \r\nContent-Length: 0\r\n\r\n").reason);
    }

    @Test
    void framingFollowsRfc9112() throws Exception {
        assertEquals(ResponseHead.CHUNKED, parse("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n").bodyLength);
        ResponseHead closeDelimited = parse("HTTP/1.1 200 OK\r\n\r\n");
        assertEquals(ResponseHead.UNTIL_CLOSE, closeDelimited.bodyLength);
        assertFalse(closeDelimited.reusable);
        ResponseHead both = parse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertEquals(ResponseHead.CHUNKED, both.bodyLength, "Transfer-Encoding wins over Content-Length");
        assertFalse(both.reusable, "and the connection is not trusted again");
        assertEquals(0, parse("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", true).bodyLength, "HEAD");
        assertEquals(0, parse("HTTP/1.1 204 No Content\r\n\r\n").bodyLength);
        assertEquals(0, parse("HTTP/1.1 304 Not Modified\r\nContent-Length: 7\r\n\r\n").bodyLength);
        ResponseHead interim = parse("HTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\n");
        assertTrue(interim.interim());
        assertFalse(headers.contains("Link"), "an interim response's headers stay out of the final one");
    }

    @Test
    void connectionReuseFollowsVersionAndConnectionHeader() throws Exception {
        assertFalse(parse("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 0\r\n\r\n").reusable);
        assertFalse(parse("HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n").reusable);
        assertTrue(parse("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n").reusable);
        assertTrue(parse("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Foo\r\nContent-Length: 0\r\n\r\n").reusable);
    }

    @Test
    void malformedHeadsAreRefused() {
        for (String bad : List.of("FOO\r\n\r\n", "HTTP/1.1 20 OK\r\n\r\n", "HTTP/2.0 200 OK\r\n\r\n",
                "HTTP/1.1 200OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n", "HTTP/1.1 200 OK\r\nNoColon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n", "HTTP/1.1 200 OK\r\nA: b\r\n folded\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                // a coding the front would drop while relaying the body, as HAProxy refuses it
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n")) {
            assertThrows(MalformedResponseException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void controlCharactersInNamesOrValuesAreRefused() {
        for (String bad : List.of("Content\rLength: 9", "X-A\u0000: 1", "X-A: a\rb", "X-A: a\u0000b", "X-A: \u007f")) {
            String head = "HTTP/1.1 200 OK\r\n" + bad + "\r\nContent-Length: 0\r\n\r\n";
            assertThrows(MalformedResponseException.class, () -> parse(head), bad);
        }
    }

    @Test
    void obsTextAndTabsInValuesPass() throws Exception {
        parse("HTTP/1.1 200 OK\r\nX-A: caf\u00e9\tbar\r\nContent-Length: 0\r\n\r\n");
        assertEquals("caf\u00e9\tbar", headers.getFirst("X-A"));
    }

    @Test
    void repeatedEqualContentLengthsAreAccepted() throws Exception {
        assertEquals(2, parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n").bodyLength);
    }
}
