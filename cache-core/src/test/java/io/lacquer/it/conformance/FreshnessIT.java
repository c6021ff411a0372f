package io.lacquer.it.conformance;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 9111 §4.2: which lifetime a response gets. */
class FreshnessIT extends ConformanceBase {
    @Test
    void sMaxAgeBeforeMaxAgeBeforeExpires() throws Exception {
        String a = path();
        serve(a, "Cache-Control", "max-age=0, s-maxage=60");
        assertTrue(reused(a));
        String b = path();
        serve(b, "Cache-Control", "s-maxage=0, max-age=60");
        assertFalse(reused(b));
        String c = path();
        serve(c, "Cache-Control", "max-age=60", "Expires", date(-10));
        assertTrue(reused(c), "max-age beats an Expires in the past");
        String d = path();
        serve(d, "Cache-Control", "max-age=0", "Expires", date(600));
        assertFalse(reused(d), "max-age beats an Expires in the future");
    }

    @Test
    void expiresInItsThreeFormats() throws Exception {
        String imf = path();
        serve(imf, "Expires", date(600));
        assertTrue(reused(imf));
        long future = System.currentTimeMillis() / 1000 + 3600;
        java.time.ZonedDateTime t = java.time.Instant.ofEpochSecond(future).atZone(java.time.ZoneOffset.UTC);
        String rfc850 = path();
        serve(rfc850, "Expires", t.format(java.time.format.DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss 'GMT'", java.util.Locale.US)));
        assertTrue(reused(rfc850), "RFC 850 date");
        String asctime = path();
        serve(asctime, "Expires", t.format(java.time.format.DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", java.util.Locale.US)));
        assertTrue(reused(asctime), "asctime date");
        String y2038 = path();
        serve(y2038, "Expires", "Fri, 01 Jan 2100 00:00:00 GMT");
        assertTrue(reused(y2038), "past the 32-bit epoch");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "yesterday", "Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT"})
    void expiresInThePastOrInvalidIsStale(String expires) throws Exception {
        String p = path();
        serve(p, "Expires", expires);
        assertFalse(reused(p), expires);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=a100", "max-age=100a", "max-age=-100", "max-age=100.5", "max-age=", "max-age"})
    void invalidMaxAgeIsStale(String cc) throws Exception {
        String p = path();
        serve(p, "Cache-Control", cc, "Expires", date(600));
        assertFalse(reused(p), cc);
    }

    @ParameterizedTest
    @ValueSource(strings = {"max-age=0100", "max-age=\"100\"", "max-age=99999999999999999999", "max-age=100, max-age=0",
        "MAX-AGE=100", "max-age=100, foo=bar, baz"})
    void validMaxAgeForms(String cc) throws Exception {
        String p = path();
        serve(p, "Cache-Control", cc);
        assertTrue(reused(p), cc);
    }

    @Test
    void maxAgeOnSeveralLinesIsOneDirectiveList() throws Exception {
        String p = path();
        serve(p, "Cache-Control", "public", "Cache-Control", "max-age=100");
        assertTrue(reused(p));
    }

    @Test
    void ageAndDateCountAgainstFreshness() throws Exception {
        String old = path();
        serve(old, "Cache-Control", "max-age=60", "Age", "61");
        assertFalse(reused(old), "stale on arrival by its Age");
        String young = path();
        serve(young, "Cache-Control", "max-age=60", "Age", "30");
        assertTrue(reused(young));
        assertTrue(Integer.parseInt(get(young).header("Age")) >= 30, "Age goes on from the backend's");
        String apparent = path();
        serve(apparent, "Cache-Control", "max-age=60", "Date", date(-100));
        assertFalse(reused(apparent), "a Date 100 s old makes it 100 s old");
        String badAge = path();
        serve(badAge, "Cache-Control", "max-age=60", "Age", "abc");
        assertTrue(reused(badAge), "an invalid Age is ignored");
    }

    @Test
    void heuristicFreshnessOnlyWithLastModified() throws Exception {
        String lm = path();
        serve(lm, "Last-Modified", date(-100_000));
        assertTrue(reused(lm), "10 % of the time since Last-Modified");
        String none = path();
        serve(none);
        assertFalse(reused(none), "no explicit freshness, no Last-Modified: not reused with default_ttl=0");
        String notHeuristic = path();
        serveStatus(notHeuristic, 302, "Last-Modified", date(-100_000), "Location", "/x");
        assertFalse(reused(notHeuristic), "302 is not heuristically cacheable");
        String publicOne = path();
        serveStatus(publicOne, 302, "Cache-Control", "public", "Last-Modified", date(-100_000), "Location", "/x");
        assertTrue(reused(publicOne), "public makes it heuristically cacheable");
    }
}
