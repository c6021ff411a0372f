package io.lacquer.vcl;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.probe.BackendProbe;
import io.lacquer.core.backend.probe.ProbeSpec;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Probes declared in a policy: Varnish's defaults, window and threshold, against a real origin. */
class ProbesTest {

    @Test
    void declarationsTakeVarnishDefaults() throws Exception {
        try (GroovyVclProgram p = Policies.compile("""
                probe 'plain', url: '/health.html'
                probe 'tuned', url: '/health.php', expected_response: 204, timeout: 1.s, interval: 2.s, window: 5, threshold: 3, initial: 1
                probe 'raw', request: ['GET /status HTTP/1.1', 'Host: example.com', 'Connection: close']
                backend 'a', host: '127.0.0.1', port: 9, probe: 'plain'
                backend 'b', host: '127.0.0.1', port: 9, probe: 'tuned'
                backend 'c', host: '127.0.0.1', port: 9, probe: 'raw'
                """)) {
            List<BackendProbe> probes = p.declarations().probes();
            assertEquals(new ProbeSpec("plain", "/health.html", List.of(), 200, 2, 5, 8, 3, 2), probes.get(0).spec());
            assertEquals(new ProbeSpec("tuned", "/health.php", List.of(), 204, 1, 2, 5, 3, 1), probes.get(1).spec());
            assertEquals("GET /status HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n",
                    probes.get(2).spec().requestText("ignored"));
            assertFalse(p.declarations().backends().get(0).healthy(), "initial = threshold - 1: sick until a good probe");
        }
    }

    @Test
    void windowAndThresholdDecideHealth() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/health.php", (req, resp) -> resp.status(status.get()).send("ok"));
            try (GroovyVclProgram p = Policies.compile("""
                    probe 'dyn', url: '/health.php', interval: 1.h, window: 5, threshold: 3
                    backend 'web', host: '127.0.0.1', port: %d, probe: 'dyn'
                    """.formatted(origin.port()))) {
                BackendProbe probe = p.declarations().probes().get(0);
                Backend web = p.declarations().backends().get(0);
                assertFalse(web.healthy());
                probe.probeOnce();
                assertTrue(web.healthy(), "2 initial + 1 good = threshold");
                assertEquals("GET /health.php HTTP/1.1", origin.requests().get(0).method() + " "
                        + origin.requests().get(0).target() + " HTTP/1.1");
                assertEquals("close", origin.last("/health.php").header("Connection"));
                probe.probeOnce();
                probe.probeOnce();
                status.set(500);
                probe.probeOnce();
                probe.probeOnce();
                assertTrue(web.healthy(), "3 good of the last 5");
                probe.probeOnce();
                assertFalse(web.healthy(), "2 good of the last 5");
                status.set(200);
                probe.probeOnce();
                probe.probeOnce();
                assertFalse(web.healthy(), "still 2 good of the last 5");
                probe.probeOnce();
                assertTrue(web.healthy(), "3 good of the last 5 again");
            }
        }
    }

    @Test
    void aRefusedConnectionIsABadProbe() throws Exception {
        ProbeSpec spec = new ProbeSpec("p", "/", List.of(), 200, 0.5, 5, 1, 1, 1);
        Backend b = new Backend(io.lacquer.core.backend.BackendSpec.of("dead", "127.0.0.1", 1),
                new io.lacquer.core.config.Params(), new io.lacquer.core.stats.Counters());
        BackendProbe probe = new BackendProbe(spec, b);
        assertTrue(b.healthy());
        probe.probeOnce();
        assertFalse(b.healthy());
        b.close();
    }
}
