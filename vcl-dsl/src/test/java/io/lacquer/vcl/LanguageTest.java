package io.lacquer.vcl;

import io.lacquer.core.vcl.Action;
import io.lacquer.vcl.testing.Outcome;
import io.lacquer.vcl.testing.PolicyTester;
import io.lacquer.vcl.testing.TestRequest;
import io.lacquer.vcl.testing.TestResponse;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The constructs of the language, each run through a policy. */
class LanguageTest {

    private static PolicyTester policy(String source) throws VclCompileException {
        return PolicyTester.of("backend 'web1', host: '127.0.0.1', port: 9\n"
                + "backend 'web2', host: '127.0.0.1', port: 10\n" + source);
    }

    @Test
    void durationsSetTtlGraceAndKeep() throws Exception {
        try (PolicyTester t = policy("""
                vcl_backend_response {
                    if (bereq.url == '/s') { beresp.ttl = 10.s; beresp.grace = 500.ms }
                    if (bereq.url == '/m') { beresp.ttl = 2.m; beresp.grace = 1.h }
                    if (bereq.url == '/d') { beresp.ttl = 1.d + 1.h; beresp.grace = 1.w }
                    if (bereq.url == '/neg') { beresp.ttl = -1.s }
                    if (bereq.url == '/cmp' && beresp.ttl > 1.m && beresp.ttl <= 2.m) { beresp.ttl = 7.s }
                }
                """)) {
            Outcome s = t.run(TestRequest.get("/s"), TestResponse.ok());
            assertEquals(10, s.ttl(), 1e-9);
            assertEquals(0.5, s.grace(), 1e-9);
            Outcome m = t.run(TestRequest.get("/m"), TestResponse.ok());
            assertEquals(120, m.ttl(), 1e-9);
            assertEquals(3600, m.grace(), 1e-9);
            Outcome d = t.run(TestRequest.get("/d"), TestResponse.ok());
            assertEquals(90000, d.ttl(), 1e-9);
            assertEquals(604800, d.grace(), 1e-9);
            Outcome neg = t.run(TestRequest.get("/neg"), TestResponse.ok());
            assertEquals(120, neg.ttl(), 1e-9, "a negative ttl falls through to the builtin's hit-for-miss");
            assertTrue(neg.uncacheable());
            assertEquals(7, t.run(TestRequest.get("/cmp"), TestResponse.ok().ttl(120)).ttl(), 1e-9);
        }
    }

    @Test
    void regexFindAndWholeMatch() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    if (req.url =~ /\\.(png|jpe?g)$/) { return synth(701, 'find') }
                    if (req.url ==~ /\\/exact/) { return synth(702, 'whole') }
                    if (req.url ==~ /exact/) { return synth(703, 'never: ==~ matches the whole url') }
                    if (req.http['X-Unset'] =~ /.*/) { return synth(704, 'never: an unset header matches nothing') }
                    if (req.http.Accept =~ /(?i)TEXT\\/HTML/) { return synth(705, 'case-insensitive') }
                }
                """)) {
            assertEquals(701, t.run(TestRequest.get("/a/b.jpeg")).status());
            assertEquals(702, t.run(TestRequest.get("/exact")).status());
            assertEquals(705, t.run(TestRequest.get("/x").header("Accept", "text/html")).status());
            assertEquals(200, t.run(TestRequest.get("/exact/not")).status());
        }
    }

    @Test
    void headersByNameCaseInsensitiveWithSetAndRemove() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    req.http['X-Foo'] = req.http.COOKIE
                    req.http.remove('cookie')
                    req.http.unset('X-Drop')
                    req.http.'X-Quoted' = 'q'
                }
                vcl_deliver {
                    resp.http['x-foo'] = req.http['X-FOO']
                    resp.http['x-cookie'] = req.http.Cookie == null ? 'gone' : 'kept'
                    resp.http['x-drop'] = req.http.containsKey('X-Drop') ? 'kept' : 'gone'
                    resp.http['x-quoted'] = req.http['x-quoted']
                    resp.http.add('Set-Cookie', 'a=1')
                    resp.http.add('Set-Cookie', 'b=2')
                    resp.http['x-set-cookies'] = String.valueOf(resp.http.all('set-cookie').size())
                }
                """)) {
            Outcome o = t.run(TestRequest.get("/").header("Cookie", "s=1").header("X-Drop", "1"));
            assertEquals("s=1", o.header("x-foo"));
            assertEquals("gone", o.header("x-cookie"));
            assertEquals("gone", o.header("x-drop"));
            assertEquals("q", o.header("x-quoted"));
            assertEquals("2", o.header("x-set-cookies"));
            assertFalse(o.passed(), "the cookie was removed, so the builtin did not pass");
        }
    }

    @Test
    void hashDataReplacesTheBuiltinHash() throws Exception {
        try (PolicyTester t = policy("""
                vcl_hash {
                    hash_data(req.url)
                    hash_data(req.http['X-Lang'])
                    return lookup
                }
                """)) {
            assertEquals(List.of("/p", "fr"), t.run(TestRequest.get("/p").header("X-Lang", "fr")).hashInputs());
        }
        try (PolicyTester t = policy("vcl_hash { hash_data(req.http['X-Lang']) }")) {
            assertEquals(List.of("fr", "/p", "example.com"),
                    t.run(TestRequest.get("/p").header("X-Lang", "fr")).hashInputs(), "falls through to the builtin hash");
        }
    }

    @Test
    void synthWithReasonAndBody() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv { if (req.url == '/teapot') return synth(418, 'Short and stout') }
                vcl_synth {
                    if (resp.status == 418) {
                        resp.http['Content-Type'] = 'text/plain'
                        synthetic("I am a teapot; you asked for ${req.url}\\n")
                        return deliver
                    }
                }
                """)) {
            Outcome o = t.run(TestRequest.get("/teapot"));
            assertEquals(418, o.status());
            assertEquals("Short and stout", o.reason());
            assertEquals("I am a teapot; you asked for /teapot\n", o.body());
            assertEquals("text/plain", o.header("Content-Type"));
            Outcome builtin = t.run(TestRequest.get("/").without("Host"));
            assertEquals(400, builtin.status());
            assertTrue(builtin.body().contains("Guru Meditation"), builtin.body());
        }
    }

    @Test
    void restartIsBoundedByMaxRestarts() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv { req.http['X-Seen'] = String.valueOf(req.restarts) }
                vcl_deliver { if (req.restarts < 2) return restart; resp.http['X-Restarts'] = String.valueOf(req.restarts) }
                vcl_miss { if (req.url == '/loop') return restart }
                """)) {
            assertEquals("2", t.run(TestRequest.get("/")).header("X-Restarts"));
            Outcome loop = t.run(TestRequest.get("/loop"));
            assertEquals(503, loop.status());
            assertEquals("Too many restarts", loop.reason());
            assertEquals(5, loop.steps().stream().filter(s -> s.equals("vcl_miss -> restart")).count());
        }
    }

    @Test
    void retryIsBoundedByMaxRetries() throws Exception {
        try (PolicyTester t = policy("vcl_backend_response { if (beresp.status == 500 && bereq.retries < 2) return retry }")) {
            Outcome o = t.run(TestRequest.get("/"), TestResponse.status(500).ttl(-1));
            assertEquals(3, o.steps().stream().filter(s -> s.startsWith("vcl_backend_response")).count());
            assertEquals(500, o.status());
        }
        try (PolicyTester t = policy("vcl_backend_response { return retry }")) {
            Outcome o = t.run(TestRequest.get("/"));
            assertEquals(5, o.steps().stream().filter(s -> s.equals("vcl_backend_response -> retry")).count());
            assertEquals(503, o.status());
            assertEquals("Too many retries", o.reason());
        }
    }

    @Test
    void aRetryRunsVclBackendFetchAgainAndRetriesFromVclBackendErrorAreBounded() throws Exception {
        // web1 is sick: the first attempt has no backend; the retry moves to web2
        try (PolicyTester t = policy("""
                vcl_recv { req.backend = 'web1' }
                vcl_backend_fetch { if (bereq.retries > 0) { bereq.backend = 'web2' } }
                vcl_backend_error { if (bereq.retries == 0) { return retry } }
                """)) {
            t.sick("web1");
            Outcome o = t.run(TestRequest.get("/"));
            assertEquals(200, o.status());
            assertEquals("web2", o.backend());
            assertEquals(2, o.steps().stream().filter(s -> s.startsWith("vcl_backend_fetch")).count());
        }
        try (PolicyTester t = policy("vcl_backend_error { return retry }")) {
            t.sick("web1");
            t.sick("web2");
            Outcome o = t.run(TestRequest.get("/"));
            assertEquals(5, o.steps().stream().filter(s -> s.equals("vcl_backend_error -> retry")).count());
            assertEquals(503, o.status());
        }
    }

    @Test
    void clientServerNowAndIdentity() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    if (req.http['X-Session'] != null) { client.identity = req.http['X-Session'] }
                }
                vcl_deliver {
                    resp.http['x-ip'] = client.ip
                    resp.http['x-identity'] = client.identity
                    resp.http['x-server'] = server.identity
                    resp.http['x-now'] = now.isAfter(now.minusSeconds(1)) ? 'yes' : 'no'
                    resp.http['x-remote'] = remote.ip
                    resp.http['x-local'] = local.ip
                    resp.http['x-esi'] = String.valueOf(req.esi_level)
                    resp.http['x-gzip'] = String.valueOf(req.can_gzip)
                }
                """)) {
            Outcome o = t.run(TestRequest.get("/").from("198.51.100.7"));
            assertEquals("198.51.100.7", o.header("x-ip"));
            assertEquals("198.51.100.7", o.header("x-identity"));
            assertEquals("localhost", o.header("x-server"));
            assertEquals("yes", o.header("x-now"));
            assertEquals("198.51.100.7", o.header("x-remote"));
            assertEquals("127.0.0.1", o.header("x-local"));
            assertEquals("0", o.header("x-esi"));
            assertEquals("false", o.header("x-gzip"));
            assertEquals("true", t.run(TestRequest.get("/").header("Accept-Encoding", "br, gzip;q=0.5")).header("x-gzip"));
            assertEquals("false", t.run(TestRequest.get("/").header("Accept-Encoding", "gzip;q=0")).header("x-gzip"));
            assertEquals("abc", t.run(TestRequest.get("/").header("X-Session", "abc")).header("x-identity"));
        }
    }

    @Test
    void objHitsTellHitFromMiss() throws Exception {
        try (PolicyTester t = policy("vcl_deliver { resp.http['X-Cache'] = obj.hits > 0 ? 'HIT' : 'MISS' }")) {
            assertEquals("MISS", t.run(TestRequest.get("/")).header("X-Cache"));
            assertEquals("HIT", t.runHit(TestRequest.get("/"), TestResponse.ok(), 3).header("X-Cache"));
        }
    }

    @Test
    void stdHealthyBackendsAndLogging() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    req.backend = std.healthy('web1') ? 'web1' : 'web2'
                    log("chose ${req.backend} for ${req.url}")
                }
                """)) {
            Outcome healthy = t.run(TestRequest.get("/x"));
            assertEquals("web1", healthy.backend());
            assertEquals(List.of("chose web1 for /x"), healthy.logs());
            t.sick("web1");
            assertEquals("web2", t.run(TestRequest.get("/x")).backend());
            t.sick("web2");
            Outcome none = t.run(TestRequest.get("/x"));
            assertNull(none.backend());
            assertEquals(503, none.status(), "no healthy backend: vcl_backend_error");
        }
    }

    @Test
    void customSubroutinesReturnForTheirCaller() throws Exception {
        try (PolicyTester t = policy("""
                sub normalize {
                    req.http.host = req.http.host?.replaceFirst(/^www\\./, '')
                    if (req.url.startsWith('/admin')) { return pass }
                }
                vcl_recv {
                    call normalize
                    req.http['X-After'] = 'yes'
                }
                vcl_deliver { resp.http['x-host'] = req.http.host; resp.http['x-after'] = req.http['X-After'] }
                """)) {
            Outcome o = t.run(TestRequest.get("/").without("Host").header("Host", "www.example.org"));
            assertEquals("example.org", o.header("x-host"));
            assertEquals("yes", o.header("x-after"));
            Outcome admin = t.run(TestRequest.get("/admin"));
            assertEquals(Action.PASS, admin.recv());
            assertNull(admin.header("x-after"));
        }
    }

    @Test
    void builtinSubroutinesCanBeCalled() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    call vcl_req_host
                    call vcl_req_method
                    return hash
                }
                """)) {
            assertEquals(Action.HASH, t.run(TestRequest.get("/").header("Cookie", "a=1")).recv(),
                    "only the named builtin steps ran, not vcl_req_cookie");
            assertEquals(Action.PASS, t.run(TestRequest.of("POST", "/")).recv());
        }
    }

    @Test
    void severalDefinitionsOfOneSubroutineRunInOrder() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv { req.http['X-Order'] = 'a' }
                vcl_recv { req.http['X-Order'] = req.http['X-Order'] + 'b'; if (req.url == '/p') return pass }
                vcl_deliver { resp.http['x-order'] = req.http['X-Order'] }
                """)) {
            assertEquals("ab", t.run(TestRequest.get("/")).header("x-order"));
            assertEquals(Action.PASS, t.run(TestRequest.get("/p")).recv());
        }
    }

    @Test
    void backendSideSeesTheBackendChosen() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv { if (req.url.startsWith('/two')) { req.backend = 'web2' } }
                vcl_backend_response { beresp.http['X-Backend'] = beresp.backend.name }
                vcl_deliver { resp.http['x-backend'] = resp.http['X-Backend'] }
                """)) {
            assertEquals("web1", t.run(TestRequest.get("/one")).header("x-backend"));
            assertEquals("web2", t.run(TestRequest.get("/two")).header("x-backend"));
        }
    }

    @Test
    void commonGroovyIdiomsAreAllowed() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    if (req.http.Cookie?.split(';')?.any { it.trim().startsWith('beta=') }) { req.http['X-Beta'] = '1' }
                    List<String> parts = req.url.tokenize('/')
                    if (parts.size() > 0 && parts[0] in ['api', 'graphql']) { return pass }
                    if (req.http['X-Count']?.isInteger() && req.http['X-Count'].toInteger() > 3) { return synth(429, 'Slow down') }
                    req.url = req.url.toLowerCase().replaceFirst(/\\?$/, '')
                    for (String name : ['X-Debug', 'X-Trace']) { req.http.remove(name) }
                    Map<String, String> langs = [fr: 'fr-FR', de: 'de-DE']
                    String lang = langs[req.http['Accept-Language']?.take(2)]
                    if (lang != null) { req.http['X-Lang'] = lang }
                }
                vcl_deliver { resp.http['x-beta'] = req.http['X-Beta']; resp.http['x-lang'] = req.http['X-Lang']; resp.http['x-url'] = req.url }
                """)) {
            Outcome o = t.run(TestRequest.get("/Blog/?").header("Cookie", "a=1; beta=on").header("Accept-Language", "fr-CA"));
            assertEquals("1", o.header("x-beta"));
            assertEquals("fr-FR", o.header("x-lang"));
            assertEquals("/blog/", o.header("x-url"));
            assertEquals(Action.PASS, t.run(TestRequest.get("/api/v1")).recv());
            assertEquals(429, t.run(TestRequest.get("/").header("X-Count", "9")).status());
        }
    }

    @Test
    void vclHabitsReturnWithParenthesesAndStdLog() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    std.log('recv ' + req.url)
                    if (req.url == '/p') { return(pass) }
                    if (req.url == '/s') { return(synth(404, 'Nope')) }
                }
                """)) {
            Outcome p = t.run(TestRequest.get("/p"));
            assertEquals(Action.PASS, p.recv());
            assertEquals(List.of("recv /p"), p.logs());
            assertEquals(404, t.run(TestRequest.get("/s")).status());
        }
    }

    /** The sketch of DESIGN.md §4, as written there (plus the static group it names). */
    @Test
    void theDesignSketchCompilesAndDecides() throws Exception {
        try (PolicyTester t = PolicyTester.of("""
                probe 'dyn', url: '/health.php', interval: 2.s, window: 5, threshold: 3
                backend 'dyn1', host: '127.0.0.1', port: 8201, probe: 'dyn'
                backend 'dyn2', host: '127.0.0.1', port: 8202, probe: 'dyn'
                backend 'st1', host: '127.0.0.1', port: 8101
                director 'static', roundRobin('st1')
                director 'dynamic', sticky(cookie: 'SERVERID', fallback: roundRobin('dyn1', 'dyn2'))

                vcl_recv {
                    if (req.url ==~ /.*\\.(png|jpe?g|gif|css|js)(\\?.*)?$/) {
                        req.backend = 'static'; req.http.remove('Cookie'); return hash
                    }
                    req.backend = 'dynamic'
                    if (req.http.Cookie?.contains('wordpress_logged_in')) return pass
                }
                vcl_backend_response {
                    if (bereq.url.startsWith('/wp-content/')) { beresp.ttl = 1.h; beresp.grace = 6.h }
                }
                vcl_deliver { resp.http['X-Cache'] = obj.hits > 0 ? 'HIT' : 'MISS' }
                """)) {
            Outcome img = t.run(TestRequest.get("/wp-content/a.png").header("Cookie", "x=1"));
            assertEquals("st1", img.backend());
            assertEquals(3600, img.ttl(), 1e-9);
            assertEquals(21600, img.grace(), 1e-9);
            assertEquals("MISS", img.header("X-Cache"));
            assertEquals(Action.PASS, t.run(TestRequest.get("/").header("Cookie", "wordpress_logged_in_1=a")).recv());
        }
    }

    @Test
    void hitForPassWithADuration() throws Exception {
        try (PolicyTester t = policy("vcl_backend_response { if (beresp.status == 404) return pass(30.s) }")) {
            Outcome o = t.run(TestRequest.get("/gone"), TestResponse.status(404));
            assertEquals(Action.PASS, o.backendResponse());
            assertTrue(o.uncacheable());
            assertFalse(o.stored());
        }
    }

    @Test
    void bansFromAPolicyAreCheckedAndReported() throws Exception {
        try (PolicyTester t = policy("""
                vcl_recv {
                    if (req.method == 'BAN') {
                        if (!std.ban("obj.http.x-url ~ ^${req.url} && obj.http.x-host == \\"${req.http.host}\\"")) {
                            return synth(400, std.ban_error())
                        }
                        return synth(200, 'Ban added')
                    }
                    if (req.url == '/old-style') { ban('req.nothing == 1') }
                }
                vcl_backend_response { if (beresp.http['X-Invalidates']) { ban("obj.http.x-url == ${beresp.http['X-Invalidates']}") } }
                """)) {
            Outcome added = t.run(TestRequest.of("BAN", "/news/"));
            assertEquals(200, added.status());
            assertEquals(List.of("obj.http.x-url ~ ^/news/ && obj.http.x-host == \"example.com\""), added.bans());

            Outcome refused = t.run(TestRequest.of("BAN", "/("));
            assertEquals(400, refused.status());
            assertTrue(refused.reason().startsWith("Regex compile error: "), refused.reason());
            assertEquals(List.of(), refused.bans());

            Outcome oldStyle = t.run(TestRequest.get("/old-style"));
            assertEquals(List.of(), oldStyle.bans());
            assertEquals(List.of("ban(): Unknown or unsupported field \"req.nothing\""), oldStyle.logs(),
                    "a refused ban() is logged with varnishd's message");

            Outcome fromBackend = t.run(TestRequest.get("/post"), TestResponse.ok().header("X-Invalidates", "/list"));
            assertEquals(List.of("obj.http.x-url == /list"), fromBackend.bans());
        }
    }

    @Test
    void headersTakeInterpolatedStringsAndNumbers() throws Exception {
        try (PolicyTester t = policy("""
                vcl_deliver {
                    resp.http['X-Url'] = "url ${req.url}"
                    resp.http.X_Plain = "restarts ${req.restarts}"
                    resp.http['X-Hits'] = obj.hits
                    resp.http.X_Hits2 = obj.hits + 1
                }
                """)) {
            Outcome o = t.runHit(TestRequest.get("/a"), TestResponse.ok(), 3);
            assertEquals("url /a", o.header("X-Url"));
            assertEquals("restarts 0", o.header("X_Plain"));
            assertEquals("3", o.header("X-Hits"));
            assertEquals("4", o.header("X_Hits2"));
        }
    }
}
