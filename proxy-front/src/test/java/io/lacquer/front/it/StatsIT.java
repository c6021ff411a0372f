package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.server.ServerState;
import io.lacquer.front.server.ServerStatus;
import io.lacquer.front.stats.StatField;
import io.lacquer.front.testkit.Await;
import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The stats page, CSV, Prometheus metrics and admin actions, from the local host. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StatsIT {
    static final String CONFIG = """
            defaults
                mode http
                timeout connect 1s
                timeout server 5s
            frontend www
                bind 127.0.0.1:0
                http-request use-service prometheus-exporter if { path /metrics }
                default_backend app
            backend app
                balance roundrobin
                cookie SERVERID insert indirect
                server web1 127.0.0.1:${w1} check inter 200ms cookie w1
                server web2 127.0.0.1:${w2} check inter 200ms cookie w2 weight 2
            listen stats
                bind 127.0.0.1:0
                stats enable
                stats uri /stats
                stats realm Lacquer\\ Stats
                stats auth admin:s3cret
                stats refresh 10s
                stats admin if LOCALHOST
            """;
    private static TestOrigin w1;
    private static TestOrigin w2;
    private static Front front;
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
    private final Client client = new Client();

    @BeforeAll
    static void start() {
        w1 = new TestOrigin("w1");
        w2 = new TestOrigin("w2");
        front = Front.start(CONFIG, Map.of("w1", w1.port(), "w2", w2.port()));
        Client c = new Client();
        for (int i = 0; i < 9; i++) {
            c.get(front.url("www") + "/p" + i);
        }
        // responses are counted when exchanges complete, which may be just after the client has them
        Await.until("9 responses counted", 2000,
                () -> front.server().topology().backend("app").counters().responses(2) == 9);
    }

    @AfterAll
    static void stop() {
        front.close();
        w1.close();
        w2.close();
    }

    @Test
    void authIsRequired() {
        HttpResponse<String> r = client.get(front.url("stats") + "/stats");
        assertEquals(401, r.statusCode());
        assertEquals("Basic realm=\"Lacquer Stats\"", r.headers().firstValue("www-authenticate").orElseThrow());
        assertEquals(401, client.get(front.url("stats") + "/stats", "Authorization", "Basic eDp5").statusCode());
    }

    @Test
    void htmlPageHasATablePerProxyAndRefreshes() {
        HttpResponse<String> r = client.get(front.url("stats") + "/stats", "Authorization", AUTH);
        assertEquals(200, r.statusCode());
        assertEquals("10", r.headers().firstValue("refresh").orElseThrow());
        String html = r.body();
        assertTrue(html.contains("id=\"px-www\""));
        assertTrue(html.contains("id=\"px-app\""));
        assertTrue(html.contains("<tr class=\"active_up\" data-svname=\"web1\">"), html);
        assertTrue(html.contains("administration enabled"));
        assertFalse(client.get(front.url("stats") + "/stats;norefresh", "Authorization", AUTH).headers()
                .firstValue("refresh").isPresent());
    }

    @Test
    @Order(1)
    void csvHasHaproxysColumnsInOrder() {
        HttpResponse<String> r = client.get(front.url("stats") + "/stats;csv", "Authorization", AUTH);
        assertEquals(200, r.statusCode());
        List<String> lines = r.body().lines().toList();
        String header = lines.get(0);
        assertTrue(header.startsWith("# pxname,svname,qcur,qmax,scur,smax,slim,stot,bin,bout,dreq,dresp,ereq,econ,eresp,"
                + "wretr,wredis,status,weight,act,bck,chkfail,chkdown,lastchg,downtime,qlimit,pid,iid,sid,throttle,lbtot,"
                + "tracked,type,rate,rate_lim,rate_max,check_status,check_code,check_duration,hrsp_1xx,hrsp_2xx,hrsp_3xx,"
                + "hrsp_4xx,hrsp_5xx,hrsp_other,hanafail,req_rate,req_rate_max,req_tot,cli_abrt,srv_abrt,"), header);
        assertTrue(header.contains(",addr,cookie,mode,algo,"));
        assertTrue(header.endsWith(",agg_check_status,"));
        String[] cols = header.substring(2).split(",", -1);
        assertEquals(StatField.values().length + 1, cols.length, "trailing comma");
        Map<String, String[]> rows = new java.util.HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            assertTrue(l.endsWith(","), l);
            String[] v = l.split(",", -1);
            assertEquals(cols.length, v.length, l);
            rows.put(v[0] + "/" + v[1], v);
        }
        String[] web2 = rows.get("app/web2");
        assertEquals("UP", web2[StatField.STATUS.ordinal()]);
        assertEquals("2", web2[StatField.WEIGHT.ordinal()]);
        assertEquals("2", web2[StatField.TYPE.ordinal()]);
        assertEquals("6", web2[StatField.STOT.ordinal()], "weight 2 of 3 got 6 of 9 requests");
        assertEquals("6", web2[StatField.HRSP_2XX.ordinal()]);
        assertEquals("w2", web2[StatField.COOKIE.ordinal()]);
        assertEquals("127.0.0.1:" + w2.port(), web2[StatField.ADDR.ordinal()]);
        String[] be = rows.get("app/BACKEND");
        assertEquals("9", be[StatField.STOT.ordinal()]);
        assertEquals("roundrobin", be[StatField.ALGO.ordinal()]);
        assertEquals("1", be[StatField.TYPE.ordinal()]);
        String[] fe = rows.get("www/FRONTEND");
        assertEquals("OPEN", fe[StatField.STATUS.ordinal()]);
        assertTrue(Integer.parseInt(fe[StatField.STOT.ordinal()]) >= 9, Arrays.toString(fe));
        assertTrue(rows.containsKey("stats/FRONTEND"));
    }

    @Test
    @Order(2)
    void prometheusMetricsUseHaproxyExporterNames() {
        HttpResponse<String> r = client.get(front.url("www") + "/metrics");
        assertEquals(200, r.statusCode());
        String m = r.body();
        assertTrue(m.contains("lacquer_front_server_status{proxy=\"app\",server=\"web1\",state=\"UP\"} 1.0"), m);
        assertTrue(m.contains("lacquer_front_server_status{proxy=\"app\",server=\"web1\",state=\"DOWN\"} 0.0"));
        assertTrue(m.contains("lacquer_front_backend_active_servers{proxy=\"app\"}"));
        assertTrue(m.contains("lacquer_front_frontend_http_requests_total{proxy=\"www\"}"));
        assertTrue(m.contains("lacquer_front_backend_http_responses_total{code=\"2xx\",proxy=\"app\"} 9.0"), m);
    }

    @Test
    void adminFormsAsHaproxySendsThemAreUnderstood() {
        // HAProxy's own page and the scripts written for it name the backend as #<proxy id>
        String statsUrl = front.url("stats") + "/stats";
        ServerState web2 = front.server().topology().backend("app").servers().get(1);
        int appId = 1 + front.server().topology().config().proxies().stream().map(p -> p.name()).toList().indexOf("app");
        try {
            assertEquals("/stats;st=DONE", post(statsUrl, "s=web2&action=maint&b=%23" + appId));
            assertEquals(ServerStatus.MAINT, web2.status());
            assertEquals("/stats;st=ERRP", post(statsUrl, "s=nosuch&action=ready&b=app"));
            assertEquals("/stats;st=ERRP", post(statsUrl, "s=web2&action=bogus&b=app"));
            assertEquals("/stats;st=ERRP", post(statsUrl, "s=web2&action=ready&b=%23999"));
            assertEquals("/stats;st=NONE", post(statsUrl, "action=ready"));
        } finally {
            assertEquals("/stats;st=DONE", post(statsUrl, "s=web2&action=ready&b=app"));
        }
    }

    private String post(String url, String form) {
        return client.post(url, form, "Authorization", AUTH).headers().firstValue("location").orElseThrow();
    }

    @Test
    void adminCanDrainAndPutServersInMaintenance() {
        String statsUrl = front.url("stats") + "/stats";
        ServerState web1 = front.server().topology().backend("app").servers().get(0);
        HttpResponse<String> r = client.post(statsUrl, "s=web1&action=maint&b=app", "Authorization", AUTH);
        assertEquals(303, r.statusCode());
        assertEquals("/stats;st=DONE", r.headers().firstValue("location").orElseThrow());
        assertEquals(ServerStatus.MAINT, web1.status());
        for (int i = 0; i < 4; i++) {
            assertEquals("w2", client.get(front.url("www") + "/").body(), "no traffic to MAINT");
        }
        // a MAINT server takes no persistent traffic either
        assertEquals("w2", client.get(front.url("www") + "/", "Cookie", "SERVERID=w1").body());
        client.post(statsUrl, "s=web1&action=drain&b=app", "Authorization", AUTH);
        assertEquals(ServerStatus.DRAIN, web1.status());
        for (int i = 0; i < 4; i++) {
            assertEquals("w2", client.get(front.url("www") + "/").body(), "no new traffic to DRAIN");
        }
        assertEquals("w1", client.get(front.url("www") + "/", "Cookie", "SERVERID=w1").body(), "persistent traffic stays");
        String csv = client.get(statsUrl + ";csv", "Authorization", AUTH).body();
        assertTrue(csv.contains("app,web1,") && csv.contains(",DRAIN,"), csv);
        client.post(statsUrl, "s=web1&action=ready&b=app", "Authorization", AUTH);
        assertEquals(ServerStatus.UP, web1.status());
    }

    @Test
    void actionsNeedAuthentication() {
        HttpResponse<String> r = client.post(front.url("stats") + "/stats", "s=web2&action=maint&b=app");
        assertEquals(401, r.statusCode());
        assertEquals(ServerStatus.UP, front.server().topology().backend("app").servers().get(1).status());
    }
}
