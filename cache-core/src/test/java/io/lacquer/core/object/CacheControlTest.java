package io.lacquer.core.object;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CacheControlTest {
    @Test
    void directivesAndArguments() {
        CacheControl cc = CacheControl.parse("Public, max-age=60, no-cache=\"Set-Cookie, X-A\", s-maxage=\"30\"");
        assertTrue(cc.has("public"));
        assertEquals(60, cc.seconds("max-age"));
        assertEquals(30, cc.seconds("s-maxage"));
        assertTrue(cc.has("no-cache"));
        assertFalse(cc.has("private"));
    }

    @Test
    void badNumbersAreInvalidAndHugeOnesCapped() {
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=a100").seconds("max-age"));
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=100a").seconds("max-age"));
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=-5").seconds("max-age"));
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age=1.5").seconds("max-age"));
        assertEquals(CacheControl.INVALID, CacheControl.parse("max-age").seconds("max-age"));
        assertEquals(CacheControl.MAX_DELTA, CacheControl.parse("max-age=99999999999999999999").seconds("max-age"));
        assertEquals(5, CacheControl.parse("max-age=5, max-age=10").seconds("max-age"), "the first one wins");
        assertEquals(CacheControl.ABSENT, CacheControl.parse(null).seconds("max-age"));
        assertEquals(CacheControl.ABSENT, CacheControl.parse("public").seconds("max-age"));
    }
}
