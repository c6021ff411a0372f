package io.lacquer.front.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.config.ConfigException;
import io.lacquer.front.config.ConfigParser;
import io.lacquer.front.route.Topology;
import io.lacquer.front.server.ServerState;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatsCollectorTest {
    private static final String CONFIG = """
            frontend f
                bind 127.0.0.1:0
                default_backend b
            backend b
                server s1 127.0.0.1:1 check rise 2 fall 3
                server s2 127.0.0.1:2 backup
            """;

    private static StatsRow row(StatsSnapshot snap, String svname) {
        return snap.rows().stream().filter(r -> r.get(StatField.SVNAME).equals(svname)).findFirst().orElseThrow();
    }

    @Test
    void rowsFollowHaproxysLayoutAndTransitionsShowProgress() throws ConfigException {
        Topology t = new Topology(ConfigParser.parse("t.cfg", CONFIG));
        try {
            StatsCollector c = new StatsCollector(t);
            StatsSnapshot snap = c.snapshot();
            List<String> names = snap.rows().stream().map(r -> r.get(StatField.SVNAME)).toList();
            assertEquals(List.of("FRONTEND", "s1", "s2", "BACKEND"), names);
            assertEquals("UP", row(snap, "s1").get(StatField.STATUS));
            assertEquals("1", row(snap, "s2").get(StatField.BCK));
            ServerState s1 = t.backend("b").servers().get(0);
            s1.setHealth(3);
            assertEquals("UP 2/3", row(c.snapshot(), "s1").get(StatField.STATUS));
            s1.setHealthy(false);
            s1.setHealth(1);
            assertEquals("DOWN 1/2", row(c.snapshot(), "s1").get(StatField.STATUS));
            assertEquals("active_down", row(c.snapshot(), "s1").cssClass());
            String csv = CsvStatsRenderer.render(c.snapshot());
            assertTrue(csv.startsWith("# pxname,svname,qcur,"));
            assertTrue(csv.contains("\nb,s1,"));
            assertEquals("\"a,\"\"b\"", CsvStatsRenderer.quote("a,\"b"));
        } finally {
            t.close();
        }
    }
}
