package io.lacquer.core.object;

import io.lacquer.core.config.Params;
import io.lacquer.core.http.HeaderList;
import io.undertow.util.DateUtils;
import org.junit.jupiter.api.Test;

import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Varnish's core ttl rules (reference §1.3). */
class FreshnessTest {
    private static final long NOW = 1_800_000_000_000L;
    private final Params params = new Params();

    private static HeaderList headers(String... nameValues) {
        HeaderList h = new HeaderList();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    private static String date(long millis) {
        return DateUtils.toDateString(new Date(millis));
    }

    @Test
    void sMaxAgeBeatsMaxAgeBeatsExpires() {
        assertEquals(30, Freshness.of(200, headers("Cache-Control", "max-age=10, s-maxage=30"), NOW, NOW, params).ttl());
        assertEquals(10, Freshness.of(200, headers("Cache-Control", "max-age=10", "Expires", date(NOW + 99_000)), NOW, NOW, params).ttl());
        assertEquals(99, Freshness.of(200, headers("Expires", date(NOW + 99_000)), NOW, NOW, params).ttl(), 1);
    }

    @Test
    void defaultTtlOnlyForTheUsualStatuses() {
        assertEquals(120, Freshness.of(200, headers(), NOW, NOW, params).ttl());
        assertEquals(120, Freshness.of(404, headers(), NOW, NOW, params).ttl());
        assertEquals(-1, Freshness.of(302, headers(), NOW, NOW, params).ttl(), "302 gets no default ttl");
        assertEquals(60, Freshness.of(302, headers("Cache-Control", "max-age=60"), NOW, NOW, params).ttl());
        assertEquals(60, Freshness.of(500, headers("Cache-Control", "max-age=60"), NOW, NOW, params).ttl(),
                "any final status with explicit freshness is cacheable (RFC 9111 §3)");
        assertEquals(-1, Freshness.of(500, headers(), NOW, NOW, params).ttl(), "but gets no default or heuristic");
        assertEquals(-1, Freshness.of(206, headers("Cache-Control", "max-age=60"), NOW, NOW, params).ttl(), "partial: not stored");
    }

    @Test
    void expiresBeforeDateOrInvalidIsZero() {
        assertEquals(0, Freshness.of(200, headers("Date", date(NOW), "Expires", date(NOW - 5000)), NOW, NOW, params).ttl());
        assertEquals(0, Freshness.of(200, headers("Expires", "0"), NOW, NOW, params).ttl());
    }

    @Test
    void expiresIsCountedFromDateWhenTheClocksDisagree() {
        HeaderList h = headers("Date", date(NOW - 3_600_000), "Expires", date(NOW - 3_600_000 + 50_000));
        assertEquals(50, Freshness.of(200, h, NOW, NOW, params).ttl(), 1);
    }

    @Test
    void ageIsCorrectedForApparentAgeAndResponseDelay() {
        HeaderList h = headers("Date", date(NOW - 30_000), "Age", "10", "Cache-Control", "max-age=100");
        assertEquals(30, Freshness.of(200, h, NOW - 2_000, NOW, params).age(), 0.001, "apparent age wins");
        HeaderList h2 = headers("Date", date(NOW), "Age", "10", "Cache-Control", "max-age=100");
        assertEquals(12, Freshness.of(200, h2, NOW - 2_000, NOW, params).age(), 0.001, "Age plus the response delay");
    }

    @Test
    void invalidDeltaSecondsMakeTheResponseStale() {
        for (String cc : new String[] {"max-age=a100", "max-age=100a", "max-age=-1", "max-age=1.5", "max-age="}) {
            assertEquals(0, Freshness.of(200, headers("Cache-Control", cc, "Expires", date(NOW + 99_000)), NOW, NOW, params).ttl(), cc);
        }
        assertEquals(100, Freshness.of(200, headers("Cache-Control", "max-age=0100"), NOW, NOW, params).ttl(), "leading zeros");
        assertEquals(100, Freshness.of(200, headers("Cache-Control", "max-age=\"100\""), NOW, NOW, params).ttl(), "quoted");
        assertEquals(2147483648.0, Freshness.of(200, headers("Cache-Control", "max-age=99999999999999"), NOW, NOW, params).ttl());
    }

    @Test
    void heuristicFreshnessOnlyFromLastModified() {
        Params zero = new Params();
        zero.set(io.lacquer.core.config.Param.DEFAULT_TTL, "0");
        HeaderList lm = headers("Date", date(NOW), "Last-Modified", date(NOW - 1_000_000));
        assertEquals(100, Freshness.of(200, lm, NOW, NOW, zero).ttl(), "10 % of the time since Last-Modified");
        assertEquals(0, Freshness.of(200, headers("Date", date(NOW)), NOW, NOW, zero).ttl(), "nothing without Last-Modified");
        assertEquals(-1, Freshness.of(302, lm, NOW, NOW, zero).ttl(), "302 is not heuristically cacheable");
        assertEquals(100, Freshness.of(308, lm, NOW, NOW, zero).ttl());
        assertEquals(120, Freshness.of(200, lm, NOW, NOW, params).ttl(), "default_ttl when it is larger");
    }

    @Test
    void noStaleWhenTheResponseForbidsIt() {
        for (String cc : new String[] {"max-age=60, must-revalidate", "max-age=60, proxy-revalidate", "s-maxage=60", "no-cache"}) {
            assertEquals(0, Freshness.of(200, headers("Cache-Control", cc + ", stale-while-revalidate=30"), NOW, NOW, params).grace(), cc);
        }
        assertEquals(0, Freshness.of(200, headers("Cache-Control", "no-cache, max-age=60"), NOW, NOW, params).ttl(), "no-cache: always revalidated");
        assertEquals(300, Freshness.of(200, headers("Cache-Control", "max-age=60, stale-if-error=300"), NOW, NOW, params).keep()
                + Freshness.of(200, headers("Cache-Control", "max-age=60, stale-if-error=300"), NOW, NOW, params).grace(), 0.001,
                "kept long enough for stale-if-error");
    }

    @Test
    void cdnCacheControlWinsUnlessTurnedOff() {
        HeaderList h = headers("Cache-Control", "max-age=10", "CDN-Cache-Control", "max-age=600");
        assertEquals(600, Freshness.of(200, h, NOW, NOW, params).ttl());
        Params off = new Params();
        off.set(io.lacquer.core.config.Param.CDN_CACHE_CONTROL, "off");
        assertEquals(10, Freshness.of(200, h, NOW, NOW, off).ttl());
    }

    @Test
    void ageIsReportedAndStaleWhileRevalidateSetsGrace() {
        Freshness f = Freshness.of(200, headers("Date", date(NOW), "Cache-Control", "max-age=100, stale-while-revalidate=30", "Age", "40"), NOW, NOW, params);
        assertEquals(100, f.ttl());
        assertEquals(40, f.age());
        assertEquals(30, f.grace());
        assertEquals(10, Freshness.of(200, headers(), NOW, NOW, params).grace(), "default_grace");
        assertEquals(0, Freshness.of(200, headers(), NOW, NOW, params).keep(), "default_keep");
    }
}
