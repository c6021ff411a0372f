package io.lacquer.it.conformance;

import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9111 §5.2.1 and §5.4: what a client may ask of the cache. */
class RequestDirectivesIT extends ConformanceBase {
    @Test
    void maxAgeAndMinFresh() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=600", "Age", "100");
        get(p);
        assertFalse(reused(p, "Cache-Control: max-age=50"), "older than the client accepts");
        assertTrue(reused(p, "Cache-Control: max-age=300"));
        assertFalse(reused(p, "Cache-Control: min-fresh=550"), "less than 550 s of freshness left");
        assertTrue(reused(p, "Cache-Control: min-fresh=60"));
    }

    @Test
    void maxStaleAcceptsStaleResponses() throws Exception {
        String p = path();
        // stale on arrival: kept (for revalidation) because it has a validator
        serve(p, "Cache-Control", "max-age=60", "Age", "100", "ETag", "\"ms\"");
        get(p);
        int before = origin.count(p);
        get(p, "Cache-Control: max-stale=100");
        assertEquals(before, origin.count(p), "stale by 40 s, within 100");
        get(p, "Cache-Control: max-stale");
        assertEquals(before, origin.count(p), "max-stale without a value accepts any staleness");
        get(p, "Cache-Control: max-stale=10");
        assertEquals(before + 1, origin.count(p));
    }

    @Test
    void noCacheAndPragmaGoToTheOrigin() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=600");
        get(p);
        assertFalse(reused(p, "Cache-Control: no-cache"));
        assertFalse(reused(p, "Pragma: no-cache"));
        assertTrue(reused(p, "Pragma: no-cache", "Cache-Control: max-age=600"), "Pragma only counts without Cache-Control");
        assertTrue(reused(p, "Pragma: whatever-extension"), "Pragma extensions are ignored");
        assertTrue(reused(p, "Cache-Control: never-heard-of-it"), "unknown directives are ignored");
    }

    @Test
    void reqCacheControlOffIgnoresTheClientsDirectivesAsVarnishDoes() throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).param("req_cache_control", "off").start();
        String p = path();
        serve(p, "Cache-Control", "max-age=600");
        get(p);
        assertTrue(reused(p, "Cache-Control: no-cache"));
        assertTrue(reused(p, "Pragma: no-cache"));
        assertTrue(reused(p, "Cache-Control: max-age=0"));
        String q = path();
        serve(q, "Cache-Control", "max-age=600");
        assertEquals(200, get(q, "Cache-Control: only-if-cached").status(), "fetched, as for any other miss");
        assertEquals(1, origin.count(q));
    }

    @Test
    void noStoreIsNotStoredButMayBeServed() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=600");
        get(p, "Cache-Control: no-store");
        int before = origin.count(p);
        get(p);
        assertEquals(before + 1, origin.count(p), "the no-store exchange stored nothing");
        assertTrue(reused(p, "Cache-Control: no-store"), "a stored response may answer a no-store request");
    }

    @Test
    void onlyIfCached() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=600");
        assertEquals(504, get(p, "Cache-Control: only-if-cached").status());
        assertEquals(0, origin.count(p), "the origin was not asked");
        get(p);
        assertEquals(200, get(p, "Cache-Control: only-if-cached").status());
        assertEquals(1, origin.count(p));
    }
}
