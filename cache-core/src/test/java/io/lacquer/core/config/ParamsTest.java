package io.lacquer.core.config;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParamsTest {
    @Test
    void defaultsAreVarnishs() {
        Params p = new Params();
        assertEquals(120, p.get(Param.DEFAULT_TTL));
        assertEquals(10, p.get(Param.DEFAULT_GRACE));
        assertEquals(3500, p.millis(Param.CONNECT_TIMEOUT));
        assertEquals(32 * 1024, p.intValue(Param.HTTP_REQ_SIZE));
        assertEquals(4, p.intValue(Param.MAX_RESTARTS));
        assertTrue(p.changed().isEmpty());
    }

    @Test
    void valuesTakeVclDurationsAndSizes() {
        Params p = new Params();
        p.set(Param.DEFAULT_TTL, "2m");
        p.set(Param.FIRST_BYTE_TIMEOUT, "500ms");
        p.set(Param.HTTP_REQ_SIZE, "64k");
        assertEquals(120, p.get(Param.DEFAULT_TTL));
        assertEquals(500, p.millis(Param.FIRST_BYTE_TIMEOUT));
        assertEquals(65536, p.intValue(Param.HTTP_REQ_SIZE));
        assertEquals(2, p.changed().size());
        p.reset(Param.HTTP_REQ_SIZE);
        assertEquals(1, p.changed().size());
    }

    @Test
    void badValuesAreRefusedWithVarnishdsMessage() {
        Params p = new Params();
        assertEquals("Invalid number (abc)", assertThrows(IllegalArgumentException.class, () -> p.set(Param.DEFAULT_TTL, "abc")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.set(Param.MAX_RETRIES, "-1"));
        assertThrows(IllegalArgumentException.class, () -> p.set(Param.MAX_RETRIES, "1.5"));
        assertEquals(120, p.get(Param.DEFAULT_TTL), "a refused value changes nothing");
    }
}
