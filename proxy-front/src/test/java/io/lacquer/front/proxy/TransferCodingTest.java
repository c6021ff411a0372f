package io.lacquer.front.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import org.junit.jupiter.api.Test;

class TransferCodingTest {
    private static TransferCoding of(String... values) {
        HeaderMap h = new HeaderMap();
        for (String v : values) {
            h.add(Headers.TRANSFER_ENCODING, v);
        }
        return TransferCoding.of(h.get(Headers.TRANSFER_ENCODING));
    }

    @Test
    void chunkedAloneIsRelayed() {
        assertEquals(TransferCoding.CHUNKED, of("chunked"));
        assertEquals(TransferCoding.CHUNKED, of(" Chunked "));
    }

    @Test
    void aBodyWhoseEndCannotBeFound() {
        assertEquals(TransferCoding.LENGTH_UNKNOWN, of("gzip"));
        assertEquals(TransferCoding.LENGTH_UNKNOWN, of("chunked, gzip"));
        assertEquals(TransferCoding.LENGTH_UNKNOWN, of("chunked", "gzip"));
        assertEquals(TransferCoding.LENGTH_UNKNOWN, of("chunked, chunked"));
        assertEquals(TransferCoding.LENGTH_UNKNOWN, of(""));
        assertEquals(TransferCoding.LENGTH_UNKNOWN, of("chunked;x=1"), "chunked takes no parameters");
    }

    @Test
    void otherCodingsBeforeChunked() {
        assertEquals(TransferCoding.OTHER_CODINGS, of("gzip, chunked"));
        assertEquals(TransferCoding.OTHER_CODINGS, of("gzip", "chunked"));
    }
}
