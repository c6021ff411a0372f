package io.lacquer.front.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.proxy.ResponseHead.MalformedResponseException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkedDecoderTest {
    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /* Feeds the body in pieces of `step` bytes into an output of `room` bytes, as reads and writes would. */
    private static String decode(ChunkedDecoder d, String body, int step, int room) throws MalformedResponseException {
        StringBuilder sb = new StringBuilder();
        ByteBuffer out = ByteBuffer.allocate(room);
        boolean done = false;
        for (int i = 0; i < body.length() && !done; i += step) {
            ByteBuffer in = bytes(body.substring(i, Math.min(body.length(), i + step)));
            while (in.hasRemaining() && !done) {
                done = d.decode(in, out);
                out.flip();
                sb.append(StandardCharsets.ISO_8859_1.decode(out));
                out.clear();
            }
        }
        assertTrue(done, "the body ended");
        return sb.toString();
    }

    @Test
    void chunksAreJoinedWhateverTheReadAndWriteSizes() throws Exception {
        String body = "5\r\nhello\r\n1;ext=\"a b\"\r\n \r\nA\r\n0123456789\r\n0\r\n\r\n";
        for (int step : List.of(1, 2, 3, 7, body.length())) {
            for (int room : List.of(1, 4, 64)) {
                assertEquals("hello 0123456789", decode(new ChunkedDecoder(), body, step, room), step + "/" + room);
            }
        }
    }

    @Test
    void bareLfLineEndsAndUppercaseHexAreAccepted() throws Exception {
        assertEquals("0123456789ab", decode(new ChunkedDecoder(), "C\n0123456789ab\n0\n\n", 5, 8));
    }

    @Test
    void trailersAreKept() throws Exception {
        ChunkedDecoder d = new ChunkedDecoder();
        assertEquals("abc", decode(d, "3\r\nabc\r\n0\r\nX-Sum: 12 \r\nX-Other: y\r\n\r\n", 4, 16));
        assertEquals("12", d.trailers().getFirst("x-sum"));
        assertEquals("y", d.trailers().getFirst("X-Other"));
        ChunkedDecoder none = new ChunkedDecoder();
        decode(none, "0\r\n\r\n", 1, 1);
        assertNull(none.trailers());
    }

    @Test
    void bytesAfterTheBodyAreLeftInTheInput() throws Exception {
        ChunkedDecoder d = new ChunkedDecoder();
        ByteBuffer in = bytes("1\r\nx\r\n0\r\n\r\nHTTP/1.1");
        assertTrue(d.decode(in, ByteBuffer.allocate(16)));
        assertEquals(8, in.remaining());
    }

    @Test
    void anIncompleteBodyIsNotDone() throws Exception {
        assertFalse(new ChunkedDecoder().decode(bytes("5\r\nhel"), ByteBuffer.allocate(16)));
    }

    @Test
    void brokenFramingIsRefused() {
        for (String bad : List.of("x\r\n", "\r\n", "3\r\nabcX", "1234567890abcdef0\r\n", "0\r\nnocolon\r\n\r\n", "0\r\nX\rY: 1\r\n\r\n", "0\r\nX-A: a\u0000\r\n\r\n",
                "3@\r\n")) {
            assertThrows(MalformedResponseException.class,
                    () -> new ChunkedDecoder().decode(bytes(bad), ByteBuffer.allocate(64)), bad);
        }
    }
}
