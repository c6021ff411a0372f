package io.lacquer.it.conformance;

import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9111 §5.2.2: what the response's directives allow a shared cache to do. */
class ResponseDirectivesIT extends ConformanceBase {
    @Test
    void privateAndNoStoreAreNotStored() throws Exception {
        for (String cc : new String[] {"private, max-age=60", "no-store, max-age=60", "max-age=60, PRIVATE"}) {
            String p = path();
            serve(p, "Cache-Control", cc);
            assertFalse(reused(p), cc);
        }
    }

    @Test
    void noCacheIsStoredAndRevalidatedEveryTime() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> {
            if ("\"v1\"".equals(req.header("if-none-match"))) {
                resp.raw("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nCache-Control: no-cache\r\n\r\n");
            } else {
                resp.header("Cache-Control", "no-cache").header("ETag", "\"v1\"").send("the body");
            }
        });
        assertEquals("the body", get(p).text());
        RawHttp.Response again = get(p);
        assertEquals(200, again.status());
        assertEquals("the body", again.text(), "served from the stored body after a 304");
        assertEquals(2, origin.count(p), "revalidated");
        assertEquals("\"v1\"", origin.last(p).header("if-none-match"));
    }

    @Test
    void qualifiedPrivateWithholdsOnlyThatField() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60, private=\"X-Secret\"", "X-Secret", "for you", "X-Public", "for all");
        get(p);
        RawHttp.Response hit = get(p);
        assertEquals(1, origin.count(p));
        assertNull(hit.header("X-Secret"));
        assertEquals("for all", hit.header("X-Public"));
    }

    @Test
    void mustUnderstandOverridesNoStoreForKnownStatuses() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60, no-store, must-understand");
        assertTrue(reused(p));
        String unknown = path();
        serveStatus(unknown, 299, "Cache-Control", "max-age=60, no-store, must-understand");
        assertFalse(reused(unknown));
    }

    @Test
    void unknownDirectivesAreIgnored() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60, fly-me-to-the-moon, x=\"y, z\"");
        assertTrue(reused(p));
    }
}
