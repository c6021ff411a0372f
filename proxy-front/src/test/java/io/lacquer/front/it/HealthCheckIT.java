package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.route.BackendRuntime;
import io.lacquer.front.server.CheckStatus;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.server.ServerStatus;
import io.lacquer.front.testkit.Await;
import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TCP and HTTP checks, rise/fall, no traffic to DOWN servers, recovery, backup servers. */
class HealthCheckIT {
    private TestOrigin a;
    private TestOrigin b;
    private TestOrigin spare;
    private Front front;
    private final Client client = new Client();

    @BeforeEach
    void start() {
        a = new TestOrigin("a");
        b = new TestOrigin("b");
        spare = new TestOrigin("spare");
        front = Front.start("""
                defaults
                    mode http
                    timeout connect 500ms
                    timeout check 500ms
                    timeout server 5s
                frontend www
                    bind 127.0.0.1:0
                    use_backend tcp if { path_beg /tcp }
                    use_backend soft if { path_beg /soft }
                    default_backend web
                backend web
                    option httpchk GET /health
                    http-check expect status 200
                    server a 127.0.0.1:${a} check inter 100ms fastinter 50ms downinter 100ms rise 2 fall 2
                    server b 127.0.0.1:${b} check inter 100ms fastinter 50ms downinter 100ms rise 2 fall 2
                    server spare 127.0.0.1:${spare} check inter 100ms rise 1 fall 1 backup
                backend tcp
                    server a 127.0.0.1:${a} check inter 100ms rise 1 fall 2
                backend soft
                    http-check disable-on-404
                    option httpchk GET /health
                    server a 127.0.0.1:${a} check inter 100ms rise 1 fall 2
                    server b 127.0.0.1:${b} check inter 100ms rise 1 fall 2
                """, Map.of("a", a.port(), "b", b.port(), "spare", spare.port()));
    }

    @AfterEach
    void stop() {
        front.close();
        a.close();
        b.close();
        spare.close();
    }

    private ServerState server(String backend, String name) {
        BackendRuntime be = front.server().topology().backend(backend);
        return be.servers().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void failingHttpCheckTakesTheServerDownAndRecoveryBringsItBack() {
        String base = front.url("www");
        ServerState sa = server("web", "a");
        Await.until("first check of a", 3000, () -> sa.lastCheck().status() == CheckStatus.L7OK);
        a.healthStatus(503);
        Await.until("a DOWN", 3000, () -> sa.status() == ServerStatus.DOWN);
        assertEquals(CheckStatus.L7STS, sa.lastCheck().status());
        assertEquals(503, sa.lastCheck().code());
        int before = a.hits();
        for (int i = 0; i < 20; i++) {
            assertEquals("b", client.get(base + "/r" + i).body(), "no request goes to a DOWN server");
        }
        assertEquals(before, a.hits());
        a.healthStatus(200);
        Await.until("a UP again", 3000, () -> sa.status() == ServerStatus.UP);
        int seenA = 0;
        for (int i = 0; i < 10; i++) {
            if (client.get(base + "/r" + i).body().equals("a")) {
                seenA++;
            }
        }
        assertTrue(seenA >= 4, "a recovered server takes traffic again: " + seenA);
        assertTrue(sa.checkDowns() >= 1);
    }

    @Test
    void a404WithDisableOn404PutsTheServerInNolb() {
        ServerState sa = server("soft", "a");
        Await.until("first check", 3000, () -> sa.lastCheck().status() == CheckStatus.L7OK);
        a.healthStatus(404);
        Await.until("a NOLB", 3000, () -> sa.status() == ServerStatus.NOLB);
        assertEquals(CheckStatus.L7OKC, sa.lastCheck().status());
        for (int i = 0; i < 6; i++) {
            assertEquals("b", client.get(front.url("www") + "/soft/" + i).body(), "no new traffic to NOLB");
        }
        a.healthStatus(200);
        Await.until("a UP", 3000, () -> sa.status() == ServerStatus.UP);
    }

    @Test
    void tcpCheckSeesAStoppedServer() {
        ServerState ta = server("tcp", "a");
        Await.until("tcp check ok", 3000, () -> ta.lastCheck().status() == CheckStatus.L4OK);
        a.stop();
        Await.until("a DOWN by L4", 3000, () -> ta.status() == ServerStatus.DOWN);
        assertEquals(CheckStatus.L4CON, ta.lastCheck().status());
        a.restart();
        Await.until("a UP by L4", 3000, () -> ta.status() == ServerStatus.UP);
    }

    @Test
    void backupServesOnlyWhenEveryPrimaryIsDown() {
        String base = front.url("www");
        for (int i = 0; i < 6; i++) {
            assertTrue(!client.get(base + "/").body().equals("spare"));
        }
        a.healthStatus(500);
        b.healthStatus(500);
        Await.until("both primaries DOWN", 3000,
                () -> !server("web", "a").healthy() && !server("web", "b").healthy());
        assertEquals("spare", client.get(base + "/").body());
        spare.stop();
        Await.until("spare DOWN", 3000, () -> !server("web", "spare").healthy());
        var r = client.get(base + "/");
        assertEquals(503, r.statusCode(), "503 when no server is usable");
    }
}
