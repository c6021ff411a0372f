package io.lacquer.it.conformance;

import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 9111 §4.2.4, RFC 5861: when a stale response may be served, and when it may not. */
class StaleIT extends ConformanceBase {
    @Test
    void staleIfErrorServesTheStoredResponseOnA5xx() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> {
            if (origin.count(p) == 1) {
                resp.header("Cache-Control", "max-age=1, stale-if-error=60").send("good body");
            } else {
                resp.status(500).header("Cache-Control", "no-store").send("broken");
            }
        });
        get(p);
        Thread.sleep(1100);
        RawHttp.Response r = get(p);
        assertEquals(200, r.status());
        assertEquals("good body", r.text());
    }

    @Test
    void staleIfErrorServesTheStoredResponseWhenTheOriginIsGone() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=1, stale-if-error=60");
        get(p);
        origin.close();
        Thread.sleep(1100);
        RawHttp.Response r = get(p);
        assertEquals(200, r.status());
        assertEquals("body 1", r.text());
    }

    @Test
    void clientStaleIfErrorToo() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> {
            if (origin.count(p) == 1) {
                resp.header("Cache-Control", "max-age=1").header("ETag", "\"s\"").send("good body");
            } else {
                resp.status(503).send("down");
            }
        });
        get(p);
        Thread.sleep(1100);
        assertEquals(503, get(p).status(), "without stale-if-error the error passes");
        assertEquals("good body", get(p, "Cache-Control: stale-if-error=60").text());
    }

    @Test
    void mustRevalidateNeverServesStaleAndAnswers504() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "max-age=1, must-revalidate, stale-if-error=60", "ETag", "\"m\"");
        get(p);
        origin.close();
        Thread.sleep(1100);
        RawHttp.Response r = get(p);
        assertEquals(504, r.status());
    }

    @Test
    void maxStaleIsRefusedWhenTheResponseForbidsStale() throws Exception {
        for (String cc : new String[] {"max-age=1, must-revalidate", "max-age=1, proxy-revalidate", "s-maxage=1"}) {
            String p = path();
            serve(p, "Cache-Control", cc);
            get(p);
            Thread.sleep(1100);
            int before = origin.count(p);
            get(p, "Cache-Control: max-stale=600");
            assertEquals(before + 1, origin.count(p), cc);
        }
    }
}
