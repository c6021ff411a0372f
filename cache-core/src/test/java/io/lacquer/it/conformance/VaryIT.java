package io.lacquer.it.conformance;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9111 §4.1: a stored response is reused only for requests that select it. */
class VaryIT extends ConformanceBase {
    @Test
    void oneAndSeveralHeaders() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60", "Vary", "Accept-Language, Accept");
        get(p, "Accept-Language: en", "Accept: text/html");
        assertTrue(reused(p, "Accept-Language: en", "Accept: text/html"));
        int before = origin.count(p);
        get(p, "Accept-Language: en", "Accept: text/plain");
        assertEquals(before + 1, origin.count(p), "one selecting header differs");
    }

    @Test
    void omittedHeaderSelectsOnlyRequestsWithoutIt() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60", "Vary", "X-Variant");
        get(p);
        int before = origin.count(p);
        get(p, "X-Variant: a");
        assertEquals(before + 1, origin.count(p));
        assertTrue(reused(p));
    }

    @Test
    void starAnywhereMeansNeverReuse() throws Exception {
        for (String vary : new String[] {"*", "Accept, *", "*, Accept"}) {
            String p = path();
            serve(p, "Cache-Control", "max-age=60", "Vary", vary);
            assertFalse(reused(p), vary);
        }
        String lines = path();
        serve(lines, "Cache-Control", "max-age=60", "Vary", "Accept", "Vary", "*");
        assertFalse(reused(lines), "* on a second Vary line");
    }

    @Test
    void severalVaryLinesAndWhitespaceAreNormalised() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60", "Vary", "Accept-Encoding", "Vary", "Accept-Language");
        get(p, "Accept-Encoding: gzip,br", "Accept-Language: en");
        int before = origin.count(p);
        get(p, "Accept-Encoding: gzip, br", "Accept-Language: en");
        assertEquals(before, origin.count(p), "list whitespace does not select another variant");
        get(p, "Accept-Encoding: gzip, br", "Accept-Language: fr");
        assertEquals(before + 1, origin.count(p), "the second Vary line counts");
    }

    @Test
    void variantsAreInvalidatedTogether() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=60", "Vary", "Accept-Language");
        get(p, "Accept-Language: en");
        get(p, "Accept-Language: fr");
        origin.on(p + "-post", (req, resp) -> resp.send("ok"));
        io.lacquer.core.testkit.RawHttp.send(node.port(), "POST " + p + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        int before = origin.count(p);
        get(p, "Accept-Language: en");
        get(p, "Accept-Language: fr");
        assertEquals(before + 2, origin.count(p), "both variants went");
    }
}
