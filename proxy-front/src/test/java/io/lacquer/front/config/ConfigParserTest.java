package io.lacquer.front.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.balance.Algorithm;
import io.lacquer.front.balance.HashFunction;
import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.testkit.TestRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {
    private static final String FULL = """
            # the cluster's front
            global
                maxconn 4096
                nbthread 2

            defaults
                mode http
                timeout connect 5s
                timeout client 30s
                timeout server 30s
                timeout http-request 10s
                timeout http-keep-alive 2s
                timeout queue 1m
                timeout check 2s
                retries 2
                option redispatch
                option forwardfor

            frontend www
                bind 127.0.0.1:8080,127.0.0.1:8081
                maxconn 2000
                monitor-uri /haproxy_check
                acl url_static path_beg /static /images /img /css
                acl url_static path_end .gif .png .jpg .css .js
                acl logged_in req.cookie(wordpress_logged_in) -m found
                http-request deny if { path_beg /private } !LOCALHOST
                http-request set-header X-Via "lacquer front"
                http-request del-header X-Debug
                use_backend static if url_static !logged_in
                use_backend dynamic if METH_POST or logged_in
                default_backend caches

            backend caches
                balance uri whole
                hash-type consistent
                option httpchk GET /health HTTP/1.1
                http-check send hdr Host cache.local
                http-check expect status 200-399
                server cache1 127.0.0.1:6081 check inter 1s fastinter 200ms downinter 5s rise 3 fall 2
                server cache2 127.0.0.1:6082 check weight 2 maxconn 100

            backend static
                balance roundrobin
                server st1 127.0.0.1:8101 check
                server st2 127.0.0.1:8102 check backup

            backend dynamic
                balance leastconn
                cookie SERVERID insert indirect nocache httponly secure maxidle 30m maxlife 8h
                option httpchk
                http-check expect string OK
                server d1 127.0.0.1:8201 check cookie d1
                server d2 127.0.0.1:8202 check cookie d2

            listen stats
                bind 127.0.0.1:8404
                stats enable
                stats uri /stats
                stats realm Lacquer
                stats auth admin:secret
                stats refresh 5s
                stats admin if LOCALHOST
                stats hide-version
            """;

    @Test
    void parsesAFullConfiguration() throws ConfigException {
        FrontConfig c = ConfigParser.parse("full.cfg", FULL);
        assertEquals(4096, c.global().maxconn());
        assertEquals(2, c.global().nbthread());
        assertEquals(5, c.proxies().size());
        ProxyConfig www = c.proxies().get(0);
        assertEquals(ProxyKind.FRONTEND, www.kind());
        assertEquals(2, www.binds().size());
        assertEquals(8081, www.binds().get(1).port());
        assertEquals("/haproxy_check", www.monitorUri());
        assertEquals(3, www.httpRequestRules().size());
        assertEquals("lacquer front", www.httpRequestRules().get(1).value());
        assertEquals(2, www.backendRules().size());
        assertEquals("caches", www.defaultBackend());
        assertEquals(30_000, www.timeouts().client());
        assertTrue(www.backendRules().get(0).condition().test(TestRequest.get("/img/a.png")));
        assertFalse(www.backendRules().get(0).condition().test(
                TestRequest.get("/img/a.png").header("Cookie", "wordpress_logged_in=1")));
        assertTrue(www.backendRules().get(1).condition().test(TestRequest.get("/").method("POST")));

        ProxyConfig caches = c.backend("caches").orElseThrow();
        assertEquals(Algorithm.URI, caches.balance().algorithm());
        assertTrue(caches.balance().whole());
        assertTrue(caches.hashType().consistent());
        assertEquals("GET", caches.httpCheck().method());
        assertEquals("/health", caches.httpCheck().uri());
        assertEquals("cache.local", caches.httpCheck().headers().get(0).value());
        assertEquals(HttpCheckConfig.Expect.Kind.STATUS, caches.httpCheck().expect().kind());
        ServerConfig c1 = caches.servers().get(0);
        assertEquals(1000, c1.inter());
        assertEquals(200, c1.fastinter());
        assertEquals(5000, c1.downinter());
        assertEquals(3, c1.rise());
        assertEquals(2, c1.fall());
        assertEquals(2, caches.servers().get(1).weight());
        assertEquals(100, caches.servers().get(1).maxconn());
        assertEquals(2, caches.retries());
        assertTrue(caches.redispatch());
        assertEquals(60_000, caches.timeouts().queue());

        assertTrue(c.backend("static").orElseThrow().servers().get(1).backup());
        CookieConfig ck = c.backend("dynamic").orElseThrow().cookie();
        assertEquals(CookieConfig.Mode.INSERT, ck.mode());
        assertTrue(ck.indirect() && ck.nocache() && ck.httponly() && ck.secure());
        assertEquals(30 * 60_000, ck.maxidle());
        assertEquals("d2", c.backend("dynamic").orElseThrow().servers().get(1).cookie());

        ProxyConfig stats = c.proxies().get(4);
        assertEquals(ProxyKind.LISTEN, stats.kind());
        assertTrue(stats.stats().enabled());
        assertEquals("/stats", stats.stats().uri());
        assertEquals(5, stats.stats().refreshSeconds());
        assertTrue(stats.stats().hideVersion());
        assertTrue(stats.stats().admin().test(TestRequest.get("/")));
        assertFalse(stats.stats().admin().test(TestRequest.get("/").from("198.18.0.5")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "frontend f\\n  bind :80\\n  foo bar|3|unknown keyword 'foo' in 'frontend' section",
        "backend b\\n  server s1 127.0.0.1:80 chekc|2|unknown server keyword 'chekc'",
        "defaults\\n  mode tcp|2|'mode tcp' is not supported",
        "frontend f\\n  bind :80\\n  use_backend nope if TRUE|3|unable to find required backend 'nope'",
        "frontend f\\n  bind :80\\n  use_backend b if undefined_acl\\nbackend b|3|no such ACL : 'undefined_acl'",
        "backend b\\n  balance leastest|2|unknown balance algorithm 'leastest'",
        "backend b\\n  bind :80|2|'bind' is not allowed in a 'backend' section",
        "frontend f\\n\\n  timeout tunnel 5s\\n  bind :80|3|unsupported timeout 'tunnel'",
        "global\\n  daemon|2|unknown keyword 'daemon' in 'global' section",
        "frontend f|1|has no 'bind' directive",
        "backend b\\n  option httplog|2|unknown option 'httplog'",
        "frontend f\\n  bind :80\\n  acl a path_beg|3|no pattern to match against",
        "backend b\\n  cookie S insert bogus|2|unsupported cookie option 'bogus'",
        "backend b\\n  hash-type rendezvous|2|unknown hash-type 'rendezvous'",
        "backend b\\n  hash-type consistent avalanche|2|unsupported hash function 'avalanche'",
        "backend b\\n  hash-type map-based fnv|2|unsupported hash function 'fnv'",
        "backend b\\n  hash-type map-based sdbm mix|2|unsupported hash modifier 'mix'",
        "frontend f\\n  bind :80\\n  option forwardfor except nowhere|3|'option forwardfor except' expects",
        "frontend f\\n  bind :80\\n  option forwardfor always|3|only supports optional values",
        "frontend f\\n  bind :80\\n  http-request set-header X-H %[req.hdr(host)]|3|unsupported sample expression",
        "backend b\\n  stats enable|2|'stats' is not allowed in a 'backend' section",
        "backend b\\n  timeout client 5s|2|'timeout client' is not allowed in a 'backend' section",
        "frontend f\\n  bind :80\\n  timeout server 5s|3|'timeout server' is not allowed in a 'frontend' section",
        "backend b\\n  maxconn 10|2|'maxconn' is not allowed in a 'backend' section",
        "listen s\\n  bind :80\\n  stats admin if TRUE|1|'stats admin' needs 'stats auth'",
        "backend b\\n  http-request use-service prometheus-exporter|2|'http-request use-service' is not allowed",
        "frontend f\\n  bind :80\\n  http-request deny deny_status 418|3|status code '418' not handled",
        "backend b\\n  server s1 127.0.0.1:99999|2|invalid port in '127.0.0.1:99999'",
        "backend b\\n  server s1 127.0.0.1:http|2|invalid port in '127.0.0.1:http'",
        "backend b\\n  server s1 256.0.0.1:80|2|invalid address: '256.0.0.1'",
        "backend b\\n  server s1 no.such.host.invalid:80|2|could not resolve address 'no.such.host.invalid'",
        "frontend f\\n  bind 256.0.0.1:80|2|invalid address: '256.0.0.1' in '256.0.0.1:80'",
        "frontend f\\n  bind [1:2:3]:80|2|invalid address: '1:2:3'",
        "frontend f\\n  bind :80\\n  timeout client 30d|3|timer overflow in argument '30d' to 'timeout client'",
    })
    void rejectsWithFileLineAndKeyword(String text, int line, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse("bad.cfg", text.replace("\\n", "\n")));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
        assertTrue(e.alert().startsWith("parsing [bad.cfg:" + line + "] : "), e.alert());
    }

    @Test
    void httpCheckLinesMayPrecedeOptionHttpchk() throws ConfigException {
        FrontConfig c = ConfigParser.parse("order.cfg", """
                backend b
                    http-check expect string OK
                    http-check disable-on-404
                    option httpchk GET /health.php
                    server s 127.0.0.1:80 check
                """);
        HttpCheckConfig hc = c.backend("b").orElseThrow().httpCheck();
        assertEquals("GET", hc.method());
        assertEquals("/health.php", hc.uri());
        assertEquals("OK", hc.expect().pattern());
        assertTrue(hc.disableOn404());
    }

    @Test
    void theClusterExampleParses() throws ConfigException {
        FrontConfig c = ConfigParser.parse(java.nio.file.Path.of(System.getProperty("basedir", "."),
                "examples/cluster-front.cfg"));
        ProxyConfig caches = c.backend("caches").orElseThrow();
        assertEquals(Algorithm.URI, caches.balance().algorithm());
        assertTrue(caches.hashType().consistent());
        assertEquals("/front-health", c.proxies().get(0).monitorUri());
        assertTrue(c.backend("dynamic").orElseThrow().servers().get(2).backup());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "map-based|false|SDBM|false",
        "consistent|true|SDBM|true",
        "map-based djb2|false|DJB2|false",
        "consistent wt6|true|WT6|false",
        "consistent crc32 avalanche|true|CRC32|true",
        "map-based none|false|NONE|false",
        "map-based sdbm avalanche|false|SDBM|true",
    })
    void hashTypeAsHaproxyReadsIt(String args, boolean consistent, HashFunction function, boolean avalanche)
            throws ConfigException {
        HashType t = ConfigParser.parse("h.cfg", "backend b\n  balance uri\n  hash-type " + args + "\n")
                .backend("b").orElseThrow().hashType();
        assertEquals(new HashType(consistent, function, avalanche), t);
    }

    @Test
    void optionForwardforTakesExceptHeaderAndIfNone() throws ConfigException {
        FrontConfig c = ConfigParser.parse("xff.cfg", """
                frontend f
                    bind :80
                    option forwardfor
                    default_backend b
                backend b
                    option forwardfor except 10.0.0.0/255.0.0.0 header X-Client-IP if-none
                """);
        ForwardFor f = c.proxies().get(0).forwardFor();
        assertEquals(ForwardFor.DEFAULT_HEADER, f.header());
        assertFalse(f.ifNone());
        assertNull(f.except());
        ForwardFor b = c.backend("b").orElseThrow().forwardFor();
        assertEquals("X-Client-IP", b.header());
        assertTrue(b.ifNone());
        assertFalse(b.except().contains(java.net.InetAddress.getLoopbackAddress()));
        assertEquals(8, b.except().prefix());
    }

    @Test
    void tokenizerHandlesQuotesEscapesAndComments() {
        assertEquals(java.util.List.of("a", "b c", "d e", "f#g", "x"),
                LineTokenizer.words("  a \"b c\" 'd e' f\\#g x # comment"));
    }

    @Test
    void timeValues() {
        assertEquals(1500, TimeValue.millis("1500", "timeout client"));
        assertEquals(2000, TimeValue.millis("2s", "timeout client"));
        assertEquals(90_000, TimeValue.millis("90s", "timeout client"));
        assertEquals(3_600_000, TimeValue.millis("1h", "timeout client"));
        assertEquals(1, TimeValue.millis("10us", "timeout client"));
        assertEquals(2_147_483_647, TimeValue.millis("2147483647", "timeout client"));
        assertThrows(IllegalArgumentException.class, () -> TimeValue.millis("5x", "timeout client"));
    }

    @Test
    void aTimeValuePastHaproxysLargestTimerIsAnOverflow() {
        // HAProxy 2.6 refuses these with the same words
        for (String v : new String[] {"2147483648", "25d", "9999999999999999999999", "999999999999999999d"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TimeValue.millis(v, "timeout server"), v);
            assertEquals("timer overflow in argument '" + v + "' to 'timeout server' (maximum value is 2147483647 ms"
                    + " or ~24.8 days)", e.getMessage());
        }
    }

    @Test
    void denyTakesHaproxysDenyStatuses() throws ConfigException {
        FrontConfig c = ConfigParser.parse("deny.cfg", """
                frontend f
                    bind :80
                    http-request deny deny_status 429 if { path_beg /api }
                    http-request deny
                    default_backend b
                backend b
                    server s1 127.0.0.1:80
                """);
        List<HttpRequestRule> rules = c.proxies().get(0).httpRequestRules();
        assertEquals(429, rules.get(0).denyStatus());
        assertEquals(403, rules.get(1).denyStatus());
        for (int status : HttpRequestRule.DENY_STATUSES) {
            assertNotNull(ErrorPage.of(status), "a page for deny_status " + status);
        }
    }
}
