package io.lacquer.it.conformance;

import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9110 §13 and RFC 9111 §4.3: conditionals answered from the cache, and revalidation. */
class ConditionalIT extends ConformanceBase {
    @Test
    void ifNoneMatchIsAnsweredFromTheCache() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60", "ETag", "\"abc\"", "Content-Type", "text/plain");
        get(p);
        RawHttp.Response strong = get(p, "If-None-Match: \"abc\"");
        assertEquals(304, strong.status());
        assertEquals("\"abc\"", strong.header("ETag"));
        assertNull(strong.header("Content-Type"), "no representation metadata on a 304");
        assertEquals(0, strong.body().length);
        assertEquals(304, get(p, "If-None-Match: W/\"abc\"").status(), "weak comparison");
        assertEquals(304, get(p, "If-None-Match: \"x\", \"abc\"").status(), "a list");
        assertEquals(304, get(p, "If-None-Match: *").status());
        assertEquals(200, get(p, "If-None-Match: \"other\"").status());
        assertEquals(1, origin.count(p), "all from cache");
    }

    @Test
    void ifModifiedSinceAndItsPrecedence() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60", "ETag", "\"e\"", "Last-Modified", date(-3600));
        get(p);
        assertEquals(304, get(p, "If-Modified-Since: " + date(-60)).status());
        assertEquals(200, get(p, "If-Modified-Since: " + date(-7200)).status());
        assertEquals(200, get(p, "If-Modified-Since: not a date").status());
        assertEquals(200, get(p, "If-None-Match: \"other\"", "If-Modified-Since: " + date(-60)).status(),
                "If-None-Match wins over If-Modified-Since");
        String noLastModified = path();
        serve(noLastModified, "Cache-Control", "max-age=60", "Date", date(-10));
        get(noLastModified);
        assertEquals(304, get(noLastModified, "If-Modified-Since: " + date(0)).status(), "Date stands in for Last-Modified");
    }

    @Test
    void staleResponsesAreRevalidatedAndA304UpdatesThem() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> {
            if ("\"v1\"".equals(req.header("if-none-match"))) {
                resp.raw("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nCache-Control: max-age=60\r\nX-Updated: yes\r\n\r\n");
            } else {
                resp.header("Cache-Control", "max-age=1").header("ETag", "\"v1\"").header("X-Updated", "no")
                        .header("Content-Type", "text/plain").send("original body");
            }
        });
        get(p);
        Thread.sleep(1100);
        RawHttp.Response revalidated = get(p);
        assertEquals(200, revalidated.status());
        assertEquals("original body", revalidated.text());
        assertEquals("yes", revalidated.header("X-Updated"), "the 304's fields replace the stored ones");
        assertEquals("text/plain", revalidated.header("Content-Type"));
        assertEquals("\"v1\"", origin.last(p).header("if-none-match"), "the stored validator was sent");
        assertEquals(2, origin.count(p));
        RawHttp.Response after = get(p);
        assertEquals("original body", after.text());
        assertEquals(2, origin.count(p), "fresh again for 60 s");
    }

    @Test
    void lastModifiedIsUsedWhenThereIsNoETag() throws Exception {
        String p = path();
        String lastModified = date(-3600);
        origin.on(p, (req, resp) -> {
            if (lastModified.equals(req.header("if-modified-since"))) {
                resp.raw("HTTP/1.1 304 Not Modified\r\nCache-Control: max-age=60\r\n\r\n");
            } else {
                resp.header("Cache-Control", "max-age=1").header("Last-Modified", lastModified).send("dated body");
            }
        });
        get(p);
        Thread.sleep(1100);
        assertEquals("dated body", get(p).text());
        assertEquals(lastModified, origin.last(p).header("if-modified-since"));
    }

    @Test
    void validatorsAreForwardedOnPass() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> {
            if (req.header("if-none-match") != null) {
                resp.raw("HTTP/1.1 304 Not Modified\r\nETag: \"p\"\r\n\r\n");
            } else {
                resp.header("ETag", "\"p\"").send("x");
            }
        });
        RawHttp.Response r = get(p, "Cookie: session=1", "If-None-Match: \"p\"");
        assertEquals(304, r.status(), "the origin's 304 comes through on a pass");
        assertEquals("\"p\"", origin.last(p).header("if-none-match"));
        assertTrue(node.counter(io.lacquer.core.stats.Counter.S_PASS) >= 1);
    }
}
