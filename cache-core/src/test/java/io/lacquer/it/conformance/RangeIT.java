package io.lacquer.it.conformance;

import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 9110 §14: byte ranges served from a complete stored response. */
class RangeIT extends ConformanceBase {
    private String p;

    @BeforeEach
    void storeObject() throws Exception {
        p = path();
        origin.on(p, (req, resp) -> resp.header("Cache-Control", "max-age=600").header("ETag", "\"r\"")
                .header("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT").send("0123456789"));
        get(p);
    }

    @Test
    void singleOpenEndedAndSuffixRanges() throws Exception {
        RawHttp.Response r = get(p, "Range: bytes=2-4");
        assertEquals(206, r.status());
        assertEquals("234", r.text());
        assertEquals("bytes 2-4/10", r.header("Content-Range"));
        assertEquals("3", r.header("Content-Length"));
        assertEquals("789", get(p, "Range: bytes=7-").text());
        assertEquals("89", get(p, "Range: bytes=-2").text());
        assertEquals("0123456789", get(p, "Range: bytes=-20").text());
        assertEquals("56789", get(p, "Range: bytes=5-99").text());
        assertEquals(1, origin.count(p), "all from the stored object");
        assertEquals("bytes", get(p).header("Accept-Ranges"));
    }

    @Test
    void unsatisfiableIs416() throws Exception {
        RawHttp.Response r = get(p, "Range: bytes=10-20");
        assertEquals(416, r.status());
        assertEquals("bytes */10", r.header("Content-Range"));
    }

    @Test
    void whatCannotBeServedExactlyGetsTheWholeResponse() throws Exception {
        assertEquals(200, get(p, "Range: bytes=0-1,5-6").status(), "several ranges");
        assertEquals(200, get(p, "Range: items=0-1").status(), "another unit");
        assertEquals(200, get(p, "Range: bytes=5-2").status(), "invalid");
        assertEquals(200, get(p, "Range: bytes=0-1", "If-Range: \"other\"").status(), "If-Range does not match");
        assertEquals(206, get(p, "Range: bytes=0-1", "If-Range: \"r\"").status());
        assertEquals(206, get(p, "Range: bytes=0-1", "If-Range: Sun, 06 Nov 1994 08:49:37 GMT").status());
    }

    @Test
    void rangeIsForwardedOnPass() throws Exception {
        String pass = path();
        origin.on(pass, (req, resp) -> resp.send("range=" + req.header("range")));
        assertEquals("range=bytes=0-1", get(pass, "Cookie: a=b", "Range: bytes=0-1").text());
    }
}
