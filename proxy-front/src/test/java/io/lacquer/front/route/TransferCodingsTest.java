package io.lacquer.front.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;

class TransferCodingsTest {
    private static ErrorPage refusal(String... values) {
        HeaderMap h = new HeaderMap();
        for (String v : values) {
            h.add(Headers.TRANSFER_ENCODING, v);
        }
        return TransferCodings.refusal(h.get(Headers.TRANSFER_ENCODING));
    }

    @Test
    void noTransferEncodingAndPlainChunkedAreRelayed() {
        assertNull(TransferCodings.refusal(null));
        assertNull(refusal("chunked"));
        assertNull(refusal(" Chunked "));
    }

    @Test
    void aBodyWhoseLengthCannotBeKnownIs400() {
        assertEquals(ErrorPage.BAD_REQUEST, refusal("gzip"));
        assertEquals(ErrorPage.BAD_REQUEST, refusal("chunked, gzip"));
        assertEquals(ErrorPage.BAD_REQUEST, refusal("chunked", "gzip"));
        assertEquals(ErrorPage.BAD_REQUEST, refusal("chunked, chunked"));
        assertEquals(ErrorPage.BAD_REQUEST, refusal(""));
        assertEquals(ErrorPage.BAD_REQUEST, refusal("chunked;x=1"), "chunked takes no parameters");
    }

    @Test
    void anotherCodingBeforeChunkedIs422() {
        assertEquals(ErrorPage.UNPROCESSABLE, refusal("gzip, chunked"));
        assertEquals(ErrorPage.UNPROCESSABLE, refusal("gzip", "chunked"));
    }
}
