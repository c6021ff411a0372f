package io.lacquer.core.backend;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Strict parsing of backend response heads and bodies (RFC 9112 §4–§7). */
class ResponseParserTest {
    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static ResponseHead head(String s) throws IOException {
        return ResponseParser.read(in(s), 32768, 64);
    }

    @Test
    void readsStatusAndFields() throws IOException {
        ResponseHead h = head("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nX-A:  spaced  \r\n\r\n");
        assertEquals(404, h.status());
        assertEquals("Not Found", h.reason());
        assertEquals("spaced", h.headers().get("x-a"));
        assertEquals("", head("HTTP/1.0 200\r\n\r\n").reason());
    }

    @Test
    void rejectsWhatACacheCannotTrust() {
        assertThrows(BackendProtocolException.class, () -> head("HTTP/2 200 OK\r\n\r\n"));
        assertThrows(BackendProtocolException.class, () -> head("HTTP/1.1 2000 OK\r\n\r\n"));
        assertThrows(BackendProtocolException.class, () -> head("HTTP/1.1 099 Low\r\n\r\n"));
        assertThrows(BackendProtocolException.class, () -> head("HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"));
        assertThrows(BackendProtocolException.class, () -> head("HTTP/1.1 200 OK\r\nA: 1\r\n folded\r\n\r\n"));
        assertThrows(BackendProtocolException.class, () -> head("HTTP/1.1 200 OK\r\nA: 1\r\n"));
        assertThrows(BackendProtocolException.class, () -> ResponseParser.read(in("HTTP/1.1 200 OK\r\nA: " + "x".repeat(100) + "\r\n\r\n"), 64, 64));
        StringBuilder many = new StringBuilder("HTTP/1.1 200 OK\r\n");
        for (int i = 0; i < 5; i++) {
            many.append("H").append(i).append(": v\r\n");
        }
        assertThrows(BackendProtocolException.class, () -> ResponseParser.read(in(many + "\r\n"), 32768, 4));
        assertThrows(java.io.EOFException.class, () -> head(""));
    }

    @Test
    void decodesChunkedBodiesAndSkipsTrailers() throws IOException {
        BodyReader r = new BodyReader(in("4;ext=1\r\nWiki\r\n5\r\npedia\r\n0\r\nTrailer: x\r\n\r\nNEXT"), BodyReader.Framing.CHUNKED, 0);
        assertEquals("Wikipedia", readAll(r));
        assertEquals(true, r.isDone());
    }

    @Test
    void brokenChunksAndShortBodiesAreErrors() {
        assertThrows(BackendProtocolException.class, () -> readAll(new BodyReader(in("zz\r\n"), BodyReader.Framing.CHUNKED, 0)));
        assertThrows(BackendProtocolException.class, () -> readAll(new BodyReader(in("4\r\nWikiXX"), BodyReader.Framing.CHUNKED, 0)));
        assertThrows(BackendProtocolException.class, () -> readAll(new BodyReader(in("abc"), BodyReader.Framing.LENGTH, 10)));
    }

    @Test
    void closeDelimitedReadsToTheEnd() throws IOException {
        assertEquals("all of it", readAll(new BodyReader(in("all of it"), BodyReader.Framing.CLOSE, -1)));
    }

    private static String readAll(BodyReader r) throws IOException {
        StringBuilder sb = new StringBuilder();
        byte[] buf = new byte[3];
        int n;
        while ((n = r.read(buf, 0, buf.length)) >= 0) {
            sb.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
        }
        return sb.toString();
    }
}
