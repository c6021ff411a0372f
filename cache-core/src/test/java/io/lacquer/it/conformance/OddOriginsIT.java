package io.lacquer.it.conformance;

import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Interim responses, broken framing, CDN-Cache-Control, Authorization, and Varnish's default mode. */
class OddOriginsIT extends ConformanceBase {
    @Test
    void interimResponsesAreSkippedAndTheFinalOneCached() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> resp.raw("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Length: 5\r\n\r\nfinal"));
        assertEquals("final", get(p).text());
        assertEquals("final", get(p).text());
        assertEquals(1, origin.count(p));
    }

    @Test
    void bytesAfterAResponseKeepItsConnectionFromBeingReused() throws Exception {
        // a 204 has no body whatever it says: the bytes after it would be read as the next response
        String p = path();
        origin.on(p, (req, resp) -> resp.raw("HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello"));
        assertEquals(204, get(p).status());
        String q = path();
        serve(q, "Cache-Control", "max-age=60");
        assertEquals(200, get(q).status(), "fetched on a fresh connection");
    }

    @Test
    void a200WithContentRangeIsAnError() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> resp.raw("HTTP/1.1 200 OK\r\nContent-Range: bytes 0-1/10\r\nContent-Length: 2\r\n\r\nab"));
        assertEquals(503, get(p).status());
    }

    @Test
    void cdnCacheControlWins() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60");
        assertTrue(reused(p));
        String q = path();
        serve(q, "Cache-Control", "max-age=60", "CDN-Cache-Control", "no-store");
        assertEquals(false, reused(q));
    }

    @Test
    void cdnCacheControlCanBeTurnedOff() throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).param("default_ttl", "0").param("cdn_cache_control", "off").start();
        String p = path();
        serve(p, "Cache-Control", "no-store", "CDN-Cache-Control", "max-age=60");
        assertEquals(false, reused(p));
    }

    @Test
    void responsesToAuthorizedRequestsAreReusedOnlyWhenAllowed() throws Exception {
        String plain = path();
        serve(plain, "Cache-Control", "max-age=60");
        assertEquals(false, reused(plain, "Authorization: Basic dTpw"), "max-age alone does not allow it");
        for (String cc : new String[] {"max-age=60, public", "max-age=60, must-revalidate", "s-maxage=60"}) {
            String p = path();
            serve(p, "Cache-Control", cc);
            assertTrue(reused(p, "Authorization: Basic dTpw"), cc);
        }
        String priv = path();
        serve(priv, "Cache-Control", "private, s-maxage=60");
        assertEquals(false, reused(priv, "Authorization: Basic dTpw"), "private still wins");
    }

    @Test
    void varnishDefaultTtlReusesWithoutExplicitFreshness() throws Exception {
        node.close();
        node = TestNode.start(origin.hostPort());
        String p = path();
        serve(p);
        assertTrue(reused(p), "default_ttl=120 is the one rule that differs from the RFC");
        String priv = path();
        serve(priv, "Cache-Control", "private");
        assertEquals(false, reused(priv), "everything else still holds");
    }
}
