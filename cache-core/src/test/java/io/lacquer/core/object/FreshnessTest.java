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
        assertEquals(30, Freshness.of(200, headers("Cache-Control", "max-age=10, s-maxage=30"), NOW, params).ttl());
        assertEquals(10, Freshness.of(200, headers("Cache-Control", "max-age=10", "Expires", date(NOW + 99_000)), NOW, params).ttl());
        assertEquals(99, Freshness.of(200, headers("Expires", date(NOW + 99_000)), NOW, params).ttl(), 1);
    }

    @Test
    void defaultTtlOnlyForTheUsualStatuses() {
        assertEquals(120, Freshness.of(200, headers(), NOW, params).ttl());
        assertEquals(120, Freshness.of(404, headers(), NOW, params).ttl());
        assertEquals(-1, Freshness.of(302, headers(), NOW, params).ttl(), "302 gets no default ttl");
        assertEquals(60, Freshness.of(302, headers("Cache-Control", "max-age=60"), NOW, params).ttl());
        assertEquals(-1, Freshness.of(500, headers("Cache-Control", "max-age=60"), NOW, params).ttl(), "other statuses: -1");
    }

    @Test
    void expiresBeforeDateOrInvalidIsZero() {
        assertEquals(0, Freshness.of(200, headers("Date", date(NOW), "Expires", date(NOW - 5000)), NOW, params).ttl());
        assertEquals(0, Freshness.of(200, headers("Expires", "0"), NOW, params).ttl());
    }

    @Test
    void expiresIsCountedFromDateWhenTheClocksDisagree() {
        HeaderList h = headers("Date", date(NOW - 3_600_000), "Expires", date(NOW - 3_600_000 + 50_000));
        assertEquals(50, Freshness.of(200, h, NOW, params).ttl(), 1);
    }

    @Test
    void ageIsReportedAndStaleWhileRevalidateSetsGrace() {
        Freshness f = Freshness.of(200, headers("Cache-Control", "max-age=100, stale-while-revalidate=30", "Age", "40"), NOW, params);
        assertEquals(100, f.ttl());
        assertEquals(40, f.age());
        assertEquals(30, f.grace());
        assertEquals(10, Freshness.of(200, headers(), NOW, params).grace(), "default_grace");
        assertEquals(0, Freshness.of(200, headers(), NOW, params).keep(), "default_keep");
    }
}
