package io.lacquer.it.policy;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policies driving a real node over sockets. */
class PolicyIT {
    private static final VclCompiler COMPILER = new VclCompiler(VclEnvironment.standalone());

    private ScriptedOrigin one;
    private ScriptedOrigin two;

    @BeforeEach
    void origins() throws Exception {
        one = ScriptedOrigin.start();
        two = ScriptedOrigin.start();
        one.otherwise((req, resp) -> resp.status(200).header("Cache-Control", "max-age=60").header("X-Origin", "one").send("one"));
        two.otherwise((req, resp) -> resp.status(200).header("Cache-Control", "max-age=60").header("X-Origin", "two").send("two"));
    }

    @AfterEach
    void close() {
        one.close();
        two.close();
    }

    private GroovyVclProgram compile(String name, String source) throws Exception {
        return COMPILER.compile(name, name + ".groovy", """
                backend 'one', host: '127.0.0.1', port: %d
                backend 'two', host: '127.0.0.1', port: %d
                """.formatted(one.port(), two.port()) + source);
    }

    private static RawHttp.Response untilHit(TestNode node, String path, String... headers) throws Exception {
        RawHttp.Response r = node.get(path, headers);
        for (int i = 0; i < 100 && !"HIT".equals(r.header("X-Cache")); i++) {
            Thread.sleep(10);
            r = node.get(path, headers);
        }
        return r;
    }

    @Test
    void aRetryRunsVclBackendFetchAgainSoItCanTakeAnotherBackend() throws Exception {
        int dead = one.port();
        one.close(); // refuses connections from now on
        GroovyVclProgram p = compile("p", """
                vcl_recv { req.backend = 'one' }
                vcl_backend_fetch { if (bereq.retries > 0) { bereq.backend = 'two' } }
                vcl_backend_error { if (bereq.retries == 0) { return retry } }
                """);
        try (TestNode node = TestNode.builder("127.0.0.1:" + dead).vcl(d -> p).start()) {
            RawHttp.Response r = node.get("/retried");
            assertEquals(200, r.status());
            assertEquals("two", r.header("X-Origin"));
            assertEquals(1, node.server().counters().get(Counter.BACKEND_RETRY));
        }
    }

    @Test
    void aPolicyThatAlwaysRetriesFromVclBackendErrorStopsAtMaxRetries() throws Exception {
        int dead = one.port();
        one.close();
        GroovyVclProgram p = compile("p", """
                vcl_recv { req.backend = 'one' }
                vcl_backend_error { return retry }
                """);
        try (TestNode node = TestNode.builder("127.0.0.1:" + dead).vcl(d -> p).start()) {
            assertEquals(503, node.get("/always").status());
            assertEquals(4, node.server().counters().get(Counter.BACKEND_RETRY), "max_retries");
            assertEquals(503, node.get("/always").status(), "the first fetch ended, so a second one starts");
            assertEquals(8, node.server().counters().get(Counter.BACKEND_RETRY));
        }
    }

    @Test
    void routesCachesAndMarksHits() throws Exception {
        GroovyVclProgram p = compile("p", """
                vcl_recv {
                    if (req.url ==~ /.*\\.(png|css)/) { req.backend = 'two'; req.http.remove('Cookie'); return hash }
                    req.backend = 'one'
                }
                vcl_deliver { resp.http['X-Cache'] = obj.hits > 0 ? 'HIT' : 'MISS' }
                """);
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            RawHttp.Response img = node.get("/logo.png", "Cookie: s=1");
            assertEquals("two", img.header("X-Origin"));
            assertEquals("MISS", img.header("X-Cache"));
            assertEquals("HIT", untilHit(node, "/logo.png", "Cookie: s=1").header("X-Cache"));
            assertEquals(1, two.count("/logo.png"));
            assertNull(two.last("/logo.png").header("Cookie"), "the cookie was removed before the fetch");
            RawHttp.Response page = node.get("/index.html", "Cookie: s=1");
            assertEquals("one", page.header("X-Origin"));
            node.get("/index.html", "Cookie: s=1");
            assertEquals(2, one.count("/index.html"), "cookies pass, by the builtin policy");
        } finally {
            p.close();
        }
    }

    @Test
    void aRequestInFlightFinishesOnItsPolicy() throws Exception {
        CountDownLatch arrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        one.on("/slow", (req, resp) -> {
            arrived.countDown();
            release.await(10, TimeUnit.SECONDS);
            resp.status(200).header("Cache-Control", "no-store").send("slow");
        });
        GroovyVclProgram a = compile("a", "vcl_deliver { resp.http['X-Policy'] = 'a' }");
        GroovyVclProgram b = compile("b", "vcl_deliver { resp.http['X-Policy'] = 'b' }");
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> a).start()) {
            CompletableFuture<RawHttp.Response> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return node.get("/slow");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(arrived.await(10, TimeUnit.SECONDS));
            node.server().use(b);
            assertEquals("b", node.get("/fast").header("X-Policy"), "new requests take the new policy");
            release.countDown();
            assertEquals("a", slow.get(10, TimeUnit.SECONDS).header("X-Policy"), "the request in flight kept its policy");
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aRunawayPolicyAnswers503AndTheNodeKeepsServing() throws Exception {
        GroovyVclProgram p = compile("loop", "vcl_recv { if (req.url == '/loop') { while (true) { } } }");
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            RawHttp.Response r = node.get("/loop");
            assertEquals(503, r.status());
            assertEquals("VCL Failed", r.reason());
            assertEquals(1, node.counter(Counter.VCL_FAIL));
            assertEquals(200, node.get("/ok").status());
        } finally {
            p.close();
        }
    }

    @Test
    void stickySessionsStayOnTheirServerUntilItIsSick() throws Exception {
        GroovyVclProgram p = compile("sticky", """
                director 'dynamic', sticky(cookie: 'SERVERID', fallback: roundRobin('one', 'two'))
                vcl_recv { req.backend = 'dynamic'; return pass }
                vcl_backend_response { beresp.http['X-Served-By'] = beresp.backend.name }
                """);
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            for (int i = 0; i < 4; i++) {
                assertEquals("two", node.get("/cart", "Cookie: SERVERID=two").header("X-Origin"));
            }
            Set<String> anonymous = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                RawHttp.Response r = node.get("/cart");
                anonymous.add(r.header("X-Origin"));
                assertEquals(r.header("X-Origin"), r.header("X-Served-By"));
            }
            assertEquals(Set.of("one", "two"), anonymous);
            ((Backend) p.declarations().director("two")).adminHealth(Backend.AdminHealth.SICK);
            assertEquals("one", node.get("/cart", "Cookie: SERVERID=two").header("X-Origin"), "redispatched");
        } finally {
            p.close();
        }
    }

    @Test
    void aFailingProbeSendsTrafficToTheFallback() throws Exception {
        one.on("/health.html", (req, resp) -> resp.status(503).send("down"));
        two.on("/health.html", (req, resp) -> resp.status(200).send("up"));
        GroovyVclProgram probed = COMPILER.compile("probed", "probed.groovy", """
                probe 'web', url: '/health.html', interval: 1.h, window: 2, threshold: 2, initial: 2
                backend 'one', host: '127.0.0.1', port: %d, probe: 'web'
                backend 'two', host: '127.0.0.1', port: %d, probe: 'web'
                director 'd', fallback('one', 'two')
                vcl_recv { req.backend = 'd'; return pass }
                """.formatted(one.port(), two.port()));
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> probed).start()) {
            assertEquals("one", node.get("/page").header("X-Origin"), "healthy at load (initial = threshold)");
            probed.declarations().probes().forEach(io.lacquer.core.backend.probe.BackendProbe::probeOnce);
            assertEquals("two", node.get("/page").header("X-Origin"), "one failed its probe");
            assertTrue(one.count("/health.html") >= 1);
        } finally {
            probed.close();
        }
    }

    @Test
    void aPolicyBansWhatAnInvalidationRequestNames() throws Exception {
        GroovyVclProgram p = compile("bans", """
                vcl_recv {
                    if (req.method == 'BAN') {
                        if (!std.ban("obj.http.x-url ~ ^${req.url}")) {
                            return synth(400, std.ban_error())
                        }
                        return synth(200, 'Ban added')
                    }
                }
                vcl_backend_response { beresp.http['X-Url'] = bereq.url }
                vcl_deliver { resp.http.remove('X-Url'); resp.http['X-Cache'] = obj.hits > 0 ? 'HIT' : 'MISS' }
                """);
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            node.get("/news/1");
            node.get("/sport/1");
            assertEquals("HIT", untilHit(node, "/news/1").header("X-Cache"));
            assertEquals("HIT", untilHit(node, "/sport/1").header("X-Cache"));

            RawHttp.Response ban = RawHttp.request(node.port(), "BAN", "/news/");
            assertEquals(200, ban.status());
            assertEquals("Ban added", ban.reason());
            assertTrue(node.server().bans().render().contains("obj.http.x-url ~ ^/news/"), node.server().bans().render());

            assertEquals("MISS", node.get("/news/1").header("X-Cache"), "the banned object was fetched again");
            assertEquals(2, one.count("/news/1"));
            assertEquals("HIT", node.get("/sport/1").header("X-Cache"), "what the ban does not match stays");
            assertEquals(1, one.count("/sport/1"));

            RawHttp.Response refused = RawHttp.request(node.port(), "BAN", "/(");
            assertEquals(400, refused.status());
            assertTrue(refused.reason().startsWith("Regex compile error"), refused.reason());
        } finally {
            p.close();
        }
    }

    @Test
    void aPolicySeesHitForMissAndHitForPassObjects() throws Exception {
        GroovyVclProgram p = compile("hitmarks", """
                vcl_recv { if (req.is_hitmiss || req.is_hitpass) return synth(500, 'set before lookup') }
                vcl_backend_response {
                    if (bereq.url == '/hfm') { beresp.ttl = 60.s; beresp.uncacheable = true; return deliver }
                    if (bereq.url == '/hfp') return pass(60.s)
                }
                vcl_deliver { resp.http['X-Marks'] = "${req.is_hitmiss} ${req.is_hitpass}" }
                """);
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            assertEquals("false false", node.get("/hfm").header("X-Marks"));
            assertEquals("true false", node.get("/hfm").header("X-Marks"), "the second request finds the hit-for-miss object");
            assertEquals("false false", node.get("/hfp").header("X-Marks"));
            assertEquals("false true", node.get("/hfp").header("X-Marks"), "the second request finds the hit-for-pass object");
            assertEquals("false false", node.get("/plain").header("X-Marks"));
            assertEquals("false false", untilHit(node, "/plain").header("X-Marks"));
        } finally {
            p.close();
        }
    }

    @Test
    void theBackendSideSeesTheClientThatStartedTheFetch() throws Exception {
        GroovyVclProgram p = compile("clientside", """
                director 'bysession', hash(by: 'client.identity', 'one', 'two')
                vcl_recv { if (req.http['X-Session']) { client.identity = req.http['X-Session'] }; return pass }
                vcl_backend_fetch {
                    bereq.http.X_Client = "${client.ip} ${client.identity} ${remote.ip} ${local.ip} ${server.ip}"
                    bereq.backend = 'bysession'
                }
                """);
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            Set<String> origins = new HashSet<>();
            for (int i = 0; i < 3; i++) {
                origins.add(node.get("/who", "X-Session: s-42").header("X-Origin"));
            }
            assertEquals(1, origins.size(), "a hash director chosen on the backend side keys on client.identity: " + origins);
            ScriptedOrigin used = origins.contains("one") ? one : two;
            assertEquals("127.0.0.1 s-42 127.0.0.1 127.0.0.1 127.0.0.1", used.last("/who").header("X_Client"));
        } finally {
            p.close();
        }
    }

    @Test
    void aFetchTimeoutSetByThePolicyWinsOverTheBackendsOwn() throws Exception {
        for (ScriptedOrigin o : List.of(one, two)) {
            o.on("/slow", (req, resp) -> {
                Thread.sleep(1500);
                resp.status(200).header("Cache-Control", "no-store").send("late");
            });
        }
        GroovyVclProgram p = COMPILER.compile("timeouts", "timeouts.groovy", """
                backend 'patient', host: '127.0.0.1', port: %d, first_byte_timeout: 5.s
                backend 'hasty', host: '127.0.0.1', port: %d, first_byte_timeout: 300.ms
                vcl_recv { req.backend = req.http['X-To'] ?: 'patient'; return pass }
                vcl_backend_fetch {
                    if (bereq.http['X-Wait']) { bereq.first_byte_timeout = 1.ms.multipliedBy(std.integer(bereq.http['X-Wait'], 0)) }
                    bereq.http['X-Seen-Timeout'] = bereq.first_byte_timeout.toMillis()
                }
                """.formatted(one.port(), two.port()));
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            assertEquals(200, node.get("/slow").status(), "the backend's own 5 s applies while the fetch's is the parameter's");
            assertEquals("60000", one.last("/slow").header("X-Seen-Timeout"), "it reads as the first_byte_timeout parameter");
            assertEquals(503, node.get("/slow", "X-Wait: 300").status(), "the policy's 300 ms wins over the backend's 5 s");
            assertEquals(503, node.get("/slow", "X-To: hasty").status(), "the backend's own 300 ms");
            assertEquals(200, node.get("/slow", "X-To: hasty", "X-Wait: 4000").status(), "the policy's 4 s wins over 300 ms");
        } finally {
            p.close();
        }
    }

    @Test
    void reqTtlAndReqGraceNarrowWhatALookupAccepts() throws Exception {
        GroovyVclProgram p = compile("caps", """
                vcl_recv {
                    if (req.http['X-Ttl']) { req.ttl = 1.s.multipliedBy(std.integer(req.http['X-Ttl'], 0)) }
                    if (req.http['X-Grace']) { req.grace = 1.s.multipliedBy(std.integer(req.http['X-Grace'], 0)) }
                    req.http.remove('Cookie')
                }
                vcl_backend_response { if (bereq.url == '/short') { beresp.ttl = 2.s; beresp.grace = 1.h } }
                vcl_deliver {
                    resp.http['X-Cache'] = obj.hits > 0 ? 'HIT' : 'MISS'
                    resp.http['X-Caps'] = "${req.ttl.toSeconds()} ${req.grace.toSeconds()}"
                }
                """);
        try (TestNode node = TestNode.builder(one.hostPort()).vcl(d -> p).start()) {
            assertEquals("-1 -1", node.get("/long").header("X-Caps"), "unset, they read -1 s");
            assertEquals("HIT", untilHit(node, "/long").header("X-Cache"));
            assertEquals("HIT", node.get("/long", "X-Ttl: 30").header("X-Cache"), "younger than req.ttl: a hit");
            assertEquals("MISS", node.get("/long", "X-Ttl: 0").header("X-Cache"), "older than req.ttl: a miss");
            assertEquals(2, one.count("/long"));

            node.get("/short");
            assertEquals("HIT", untilHit(node, "/short").header("X-Cache"));
            Thread.sleep(2200);
            // counted from here: on a slow machine the lookups above may already have refreshed it
            int fetched = one.count("/short");
            assertEquals("MISS", node.get("/short", "X-Grace: 0").header("X-Cache"),
                    "expired, and req.grace allows no grace: the client waits for a fresh copy");
            assertEquals(fetched + 1, one.count("/short"));
            Thread.sleep(2200);
            RawHttp.Response graced = node.get("/short");
            assertEquals("HIT", graced.header("X-Cache"), "expired but within its hour of grace");
        } finally {
            p.close();
        }
    }
}
