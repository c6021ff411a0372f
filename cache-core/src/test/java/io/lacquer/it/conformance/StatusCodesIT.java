package io.lacquer.it.conformance;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9111 §3: any final status with explicit freshness is stored and reused while fresh. */
class StatusCodesIT extends ConformanceBase {
    @ParameterizedTest
    @ValueSource(ints = {200, 203, 204, 299, 301, 302, 303, 307, 308, 400, 404, 410, 499, 500, 501, 502, 503, 504, 599})
    void reusedWhileFresh(int status) throws Exception {
        String p = path();
        serveStatus(p, status, "Cache-Control", "max-age=60", "Location", "/elsewhere");
        assertTrue(reused(p), "status " + status);
    }

    @ParameterizedTest
    @ValueSource(ints = {200, 404, 500, 503})
    void notReusedOnceStale(int status) throws Exception {
        String p = path();
        serveStatus(p, status, "Cache-Control", "max-age=1");
        get(p);
        Thread.sleep(1100);
        int before = origin.count(p);
        get(p);
        assertFalse(origin.count(p) == before, "status " + status);
    }
}
