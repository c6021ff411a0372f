package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ACL routing, header rules, monitor-uri, forwarding headers and error answers over real sockets. */
class RoutingIT {
    private static final String CONFIG = """
            global
                maxconn 1000
            defaults
                mode http
                timeout connect 2s
                timeout client 10s
                timeout server 10s
            frontend web
                bind 127.0.0.1:0
                option forwardfor
                monitor-uri /front-health
                acl url_static path_beg /static /images
                acl url_static path_end -i .png .css
                acl is_api hdr_beg(host) -i api.
                acl bad path_reg ^/admin/.*
                acl post method POST
                http-request deny if bad !LOCALHOST or { path /forbidden }
                http-request set-header X-Front lacquer
                http-request set-header X-Real-IP %[src]
                http-request del-header X-Remove-Me
                use_backend static if url_static
                use_backend api if is_api !post
                use_backend nothing if { path_beg /nothing }
                default_backend dynamic
            frontend plain
                bind 127.0.0.1:0
                default_backend dynamic
            backend static
                http-request set-header X-Group static
                http-request deny if { path_beg /static/secret }
                server st1 127.0.0.1:${st1}
            backend dynamic
                server dy1 127.0.0.1:${dy1}
            backend api
                server api1 127.0.0.1:${api1}
            backend nothing
                server gone 127.0.0.1:${gone}
            """;
    private static TestOrigin st1;
    private static TestOrigin dy1;
    private static TestOrigin api1;
    private static Front front;
    private static String base;
    private final Client client = new Client();

    @BeforeAll
    static void start() {
        st1 = new TestOrigin("st1");
        dy1 = new TestOrigin("dy1");
        api1 = new TestOrigin("api1");
        TestOrigin gone = new TestOrigin("gone");
        int gonePort = gone.port();
        gone.close();
        front = Front.start(CONFIG, Map.of("st1", st1.port(), "dy1", dy1.port(), "api1", api1.port(), "gone", gonePort));
        base = front.url("web");
    }

    @AfterAll
    static void stop() {
        front.close();
        st1.close();
        dy1.close();
        api1.close();
    }

    @Test
    void staticPathsGoToTheStaticBackend() {
        assertEquals("st1", client.get(base + "/static/app.js").body());
        assertEquals("st1", client.get(base + "/img/logo.PNG").body());
        assertEquals("dy1", client.get(base + "/index.php").body());
    }

    @Test
    void backendRulesApplyToTheRequestsRoutedThere() {
        client.get(base + "/static/a.css");
        assertEquals("static", st1.lastHeaders().getFirst("X-Group"));
        assertEquals(403, client.get(base + "/static/secret/x").statusCode());
        client.get(base + "/page");
        assertNull(dy1.lastHeaders().getFirst("X-Group"));
    }

    @Test
    void headerAclAndNegationPickTheApiBackend() {
        assertEquals("dy1", client.get(base + "/v1/items").body());
        // Host cannot be set through the JDK client, so the raw client is used here
        assertTrue(raw("GET /v1/items HTTP/1.1\r\nHost: API.example.com\r\n\r\n").endsWith("api1"));
        assertTrue(raw("POST /v1/items HTTP/1.1\r\nHost: api.example.com\r\nContent-Length: 0\r\n\r\n").endsWith("dy1"));
    }

    @Test
    void monitorUriAnswersWithoutABackend() {
        HttpResponse<String> r = client.get(base + "/front-health");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Service ready."));
    }

    @Test
    void denyRuleAnswersHaproxys403Page() {
        HttpResponse<String> r = client.get(base + "/forbidden");
        assertEquals(403, r.statusCode());
        assertEquals(ErrorPage.FORBIDDEN.body(), r.body());
        assertTrue(r.body().startsWith("<html><body><h1>403 Forbidden</h1>\nRequest forbidden by administrative rules."));
        // the /admin rule is "bad AND not LOCALHOST": loopback clients pass
        assertEquals("dy1", client.get(base + "/admin/x").body());
    }

    @Test
    void forwardedRequestCarriesRuleHeadersAndXForwardedFor() {
        client.get(base + "/page", "X-Remove-Me", "1", "X-Forwarded-For", "203.0.113.7");
        var h = dy1.lastHeaders();
        assertEquals("lacquer", h.getFirst("X-Front"));
        assertEquals("127.0.0.1", h.getFirst("X-Real-IP"));
        assertNull(h.getFirst("X-Remove-Me"));
        // as HAProxy: the client's header is kept and the address follows on a line of its own
        assertEquals(List.of("203.0.113.7", "127.0.0.1"), List.copyOf(h.get("X-Forwarded-For")));
        for (String other : List.of("X-Forwarded-Proto", "X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Server")) {
            assertNull(h.getFirst(other), other + " is not added");
        }
    }

    @Test
    void withoutForwardforNoForwardedHeaderIsAddedOrChanged() {
        client.get(front.url("plain") + "/page", "X-Forwarded-For", "203.0.113.7", "X-Forwarded-Proto", "https");
        var h = dy1.lastHeaders();
        assertEquals(List.of("203.0.113.7"), List.copyOf(h.get("X-Forwarded-For")));
        assertEquals("https", h.getFirst("X-Forwarded-Proto"));
        for (String other : List.of("X-Forwarded-Host", "X-Forwarded-Port", "X-Forwarded-Server")) {
            assertNull(h.getFirst(other), other + " is not added");
        }
        client.get(front.url("plain") + "/page");
        assertNull(dy1.lastHeaders().getFirst("X-Forwarded-For"));
    }

    @Test
    void hopByHopHeadersAreNotForwarded() {
        raw("GET /hop HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, X-Secret\r\nX-Secret: 1\r\nKeep-Alive: timeout=5\r\n"
                + "Upgrade: h2c\r\nTE: trailers\r\nProxy-Connection: keep-alive\r\n\r\n");
        var h = dy1.lastHeaders();
        assertNull(h.getFirst("X-Secret"));
        assertNull(h.getFirst("Keep-Alive"));
        assertNull(h.getFirst("Upgrade"));
        assertNull(h.getFirst("TE"));
        assertNull(h.getFirst("Proxy-Connection"));
        assertEquals("/hop", dy1.lastUri());
    }

    @Test
    void serverClosingItsConnectionDoesNotCloseTheClients() throws Exception {
        try (Socket s = new Socket("127.0.0.1", front.server().port("web"))) {
            s.setSoTimeout(3000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 2; i++) {
                out.write("GET /close HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                String head = readHead(in);
                assertTrue(head.startsWith("HTTP/1.1 200"), head);
                assertFalse(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
                int len = Integer.parseInt(head.replaceAll("(?s).*[Cc]ontent-[Ll]ength: (\\d+).*", "$1"));
                assertEquals("dy1", new String(in.readNBytes(len), StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        while (!sb.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    @Test
    void largeBodiesStreamBothWays() {
        HttpResponse<String> big = client.get(base + "/big?kb=2048");
        assertEquals(200, big.statusCode());
        assertEquals(2048 * 1024, big.body().length());
        assertTrue(big.body().startsWith("abcdefghij"));
        assertEquals("dy1:2000000", client.post(base + "/echo", "x".repeat(2_000_000)).body());
        String chunked = raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertTrue(chunked.endsWith("dy1:11"), chunked);
    }

    @Test
    void unreachableServerGives503Page() {
        HttpResponse<String> r = client.get(base + "/nothing/here");
        assertEquals(503, r.statusCode());
        assertEquals(ErrorPage.SERVICE_UNAVAILABLE.body(), r.body());
    }

    @Test
    void malformedRequestGets400() {
        String resp = raw("GET /bad path with spaces HTTP/1.1\r\nHost: x\r\n\r\n");
        assertTrue(resp.startsWith("HTTP/1.1 400"), resp);
        String resp2 = raw("BLAH\r\n\r\n");
        assertTrue(resp2.startsWith("HTTP/1.1 400") || resp2.isEmpty(), resp2);
        assertFalse(resp.contains("dy1"));
    }

    /** Sends raw bytes and reads until the server closes or 2 s pass; adds Connection: close. */
    static String raw(String request) {
        String req = request.endsWith("\r\n\r\n") && !request.contains("Connection:")
                ? request.substring(0, request.length() - 2) + "Connection: close\r\n\r\n" : request;
        try (Socket s = new Socket("127.0.0.1", front.server().port("web"))) {
            s.setSoTimeout(2000);
            OutputStream out = s.getOutputStream();
            out.write(req.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            StringBuilder sb = new StringBuilder();
            byte[] b = new byte[8192];
            int n;
            try {
                while ((n = in.read(b)) > 0) {
                    sb.append(new String(b, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (java.net.SocketTimeoutException e) {
                // keep-alive connection left open: what arrived is the answer
            }
            return sb.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
