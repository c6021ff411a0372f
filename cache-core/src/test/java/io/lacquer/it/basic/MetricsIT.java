package io.lacquer.it.basic;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counters are served for Prometheus as lacquer_main_*, with the hit ratio. */
class MetricsIT {
    @Test
    void scrapeShowsCountersAndHitRatio() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start();
             TestNode node = TestNode.builder(origin.hostPort()).metrics().start()) {
            origin.on("/m", (req, resp) -> resp.header("Cache-Control", "max-age=60").send("m"));
            node.get("/m");
            node.get("/m");
            node.get("/m");
            node.get("/m");

            RawHttp.Response r = RawHttp.get(node.server().metricsAddress().getPort(), "/metrics");

            assertEquals(200, r.status());
            assertTrue(r.header("Content-Type").startsWith("text/plain"), r.header("Content-Type"));
            String text = r.text();
            assertTrue(text.contains("lacquer_main_cache_hit_total 3.0"), text);
            assertTrue(text.contains("lacquer_main_cache_miss_total 1.0"), text);
            assertTrue(text.contains("lacquer_main_client_req_total 4.0"), text);
            assertTrue(text.contains("lacquer_main_n_object 1.0"), text);
            assertTrue(text.contains("lacquer_hit_ratio 0.75"), text);
            assertTrue(text.contains("lacquer_backend_healthy{backend=\"default\"} 1.0"), text);
            assertEquals(404, RawHttp.get(node.server().metricsAddress().getPort(), "/other").status());
        }
    }
}
