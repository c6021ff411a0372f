package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.server.ServerState;
import io.lacquer.front.testkit.Await;
import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Cookie persistence as HAProxy behaves (reference section 5), including redispatch when a server dies. */
class StickinessIT {
    private TestOrigin d1;
    private TestOrigin d2;
    private Front front;
    private final Client client = new Client();

    @BeforeEach
    void start() {
        d1 = new TestOrigin("d1");
        d2 = new TestOrigin("d2");
    }

    @AfterEach
    void stop() {
        if (front != null) {
            front.close();
        }
        d1.close();
        d2.close();
    }

    private String startFront(String cookieLine) {
        front = Front.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout server 5s
                    timeout check 2s
                    retries 1
                    option redispatch
                frontend www
                    bind 127.0.0.1:0
                    default_backend dyn
                backend dyn
                    balance roundrobin
                    %s
                    option httpchk GET /health
                    server d1 127.0.0.1:${d1} check inter 100ms fall 2 rise 2 cookie d1
                    server d2 127.0.0.1:${d2} check inter 100ms fall 2 rise 2 cookie d2
                """.formatted(cookieLine), Map.of("d1", d1.port(), "d2", d2.port()));
        return front.url("www");
    }

    private static String setCookie(HttpResponse<String> r) {
        return r.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("SERVERID=")).findFirst()
                .orElse(null);
    }

    @Test
    void insertIndirectNocacheBehavesAsObservedOnHaproxy() {
        String base = startFront("cookie SERVERID insert indirect nocache");
        HttpResponse<String> first = client.get(base + "/cacheable");
        String server = first.body();
        assertEquals("SERVERID=" + server + "; path=/", setCookie(first));
        List<String> cc = first.headers().allValues("cache-control");
        assertTrue(cc.contains("private"), "nocache adds private to a cacheable response: " + cc);

        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = client.get(base + "/page" + i, "Cookie", "SERVERID=" + server + "; other=1");
            assertEquals(server, r.body(), "persistence beats round robin");
            assertNull(setCookie(r), "indirect: no new cookie for a valid one");
        }
        TestOrigin origin = server.equals("d1") ? d1 : d2;
        assertEquals("other=1", origin.lastHeaders().getFirst("Cookie"), "indirect strips our cookie");

        String otherName = server.equals("d1") ? "d2" : "d1";
        HttpResponse<String> forced = client.get(base + "/x", "Cookie", "SERVERID=" + otherName);
        assertEquals(otherName, forced.body());
    }

    @Test
    void downServerRedispatchesAndReplacesTheCookie() {
        String base = startFront("cookie SERVERID insert indirect");
        assertEquals("d2", client.get(base + "/", "Cookie", "SERVERID=d2").body());
        d2.stop();
        // before the checks notice, the connection failure itself redispatches
        HttpResponse<String> r = client.get(base + "/", "Cookie", "SERVERID=d2");
        assertEquals("d1", r.body());
        assertEquals("SERVERID=d1; path=/", setCookie(r));
        ServerState s2 = front.server().topology().backend("dyn").servers().get(1);
        Await.until("d2 marked DOWN", 5000, () -> !s2.healthy());
        HttpResponse<String> again = client.get(base + "/", "Cookie", "SERVERID=d2");
        assertEquals("d1", again.body());
        assertEquals("SERVERID=d1; path=/", setCookie(again));
        assertTrue(front.server().topology().backend("dyn").counters().redispatches() >= 1);
    }

    @Test
    void prefixModeRoutesOnTheApplicationCookie() {
        String base = startFront("cookie JSESSIONID prefix");
        HttpResponse<String> r = client.get(base + "/setcookie");
        String server = r.body();
        String sc = r.headers().firstValue("set-cookie").orElseThrow();
        assertEquals("JSESSIONID=" + server + "~abc; Path=/", sc);
        for (int i = 0; i < 4; i++) {
            assertEquals(server, client.get(base + "/p", "Cookie", "JSESSIONID=" + server + "~abc").body());
        }
        TestOrigin origin = server.equals("d1") ? d1 : d2;
        assertEquals("JSESSIONID=abc", origin.lastHeaders().getFirst("Cookie"), "prefix stripped before the server");
    }

    @Test
    void withoutACookieRoundRobinApplies() {
        String base = startFront("cookie SERVERID insert indirect");
        String a = client.get(base + "/").body();
        String b = client.get(base + "/").body();
        assertNotEquals(a, b);
        assertFalse(a.isEmpty());
    }
}
