package io.lacquer.samples;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The main job: the sample site served through the cache. */
class SampleClusterIT {
    @Test
    void siteIsServedAndCachedThroughTheNode() throws Exception {
        try (SampleCluster sample = new SampleCluster().ports(0, 0, 0).start()) {
            int port = sample.node().server().address().getPort();

            RawHttp.Response first = RawHttp.get(port, "/");
            RawHttp.Response second = RawHttp.get(port, "/");
            RawHttp.Response css = RawHttp.get(port, "/static/style.css");

            assertEquals(200, first.status());
            assertTrue(first.text().contains("Lacquer sample site"), first.text());
            assertTrue(first.header("Content-Type").startsWith("text/html"), first.header("Content-Type"));
            assertNotNull(first.header("Last-Modified"));
            assertEquals(2, second.header("X-Varnish").split(" ").length, "the second request is a hit");
            assertEquals("text/css", css.header("Content-Type"));
            assertEquals(200, RawHttp.get(port, "/health.html").status());
            RawHttp.get(port, "/private");
            RawHttp.get(port, "/private");
            assertEquals(1, sample.node().server().counters().get(Counter.CACHE_HITMISS), "/private is never cached");
        }
    }
}
