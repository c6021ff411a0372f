package io.lacquer.vcl;

import io.lacquer.vcl.VclCompileException.Problem;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import org.junit.jupiter.api.Test;

import static io.lacquer.vcl.Policies.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Load-time checks: each broken policy is refused with file, line, column and a clear message. */
class VclCompilerTest {

    private static void assertProblem(String source, int line, int column, String fragment) {
        VclCompileException e = failure(source);
        Problem p = e.problems().stream().filter(x -> x.message().contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem mentions \"" + fragment + "\" in:\n" + e.getMessage()));
        assertEquals("policy.groovy", p.file());
        assertEquals(line, p.line(), p.toString());
        assertEquals(column, p.column(), p.toString());
    }

    @Test
    void illegalReturnNamesTheLegalOnes() {
        assertProblem("vcl_recv {\n    return deliver\n}", 2, 12,
                "return(deliver) is not allowed in vcl_recv; legal returns are: fail synth restart pass pipe hash purge vcl");
        assertProblem("vcl_hash { return hash }", 1, 19, "return(hash) is not allowed in vcl_hash");
        assertProblem("vcl_deliver { return fetch }", 1, 22, "return(fetch) is not allowed in vcl_deliver");
        assertProblem("vcl_backend_error { return error(500, 'x') }", 1, 28, "return(error) is not allowed in vcl_backend_error");
        assertProblem("vcl_synth { return synth(500) }", 1, 20, "return(synth) is not allowed in vcl_synth");
        assertProblem("vcl_fini { return fail }", 1, 19, "return(fail) is not allowed in vcl_fini");
    }

    @Test
    void everyLegalReturnCompiles() throws Exception {
        Policies.compile("""
                vcl_recv { if (req.url == '/a') return pass; if (req.url == '/b') return pipe
                           if (req.url == '/c') return purge; if (req.url == '/d') return synth(404, 'No')
                           if (req.url == '/e') return restart; if (req.url == '/f') return fail; return hash }
                vcl_pipe { return pipe }
                vcl_pass { return fetch }
                vcl_hash { return lookup }
                vcl_purge { return synth(200, 'Purged') }
                vcl_miss { if (req.url == '/p') return pass; return fetch }
                vcl_hit { if (req.url == '/p') return pass; return deliver }
                vcl_deliver { return deliver }
                vcl_synth { if (req.restarts == 0) return restart; return deliver }
                vcl_backend_fetch { if (bereq.url == '/x') return error(503, 'No'); if (bereq.url == '/y') return abandon; return fetch }
                vcl_backend_response { if (beresp.status == 500) return retry; if (beresp.status == 404) return pass(10.s); return deliver }
                vcl_backend_error { if (bereq.retries < 2) return retry; return deliver }
                vcl_init { return ok }
                vcl_fini { return ok }
                """).close();
    }

    @Test
    void readOnlyAndUnavailableVariables() {
        assertProblem("vcl_deliver {\n  obj.hits = 3\n}", 2, 3, "obj.hits is read-only in vcl_deliver");
        assertProblem("vcl_recv { req.restarts = 1 }", 1, 12, "req.restarts is read-only in vcl_recv");
        assertProblem("vcl_recv { req.proto = 'HTTP/1.0' }", 1, 12, "req.proto is read-only in vcl_recv");
        assertProblem("vcl_recv { beresp.ttl = 1.h }", 1, 12, "beresp.ttl is not available in vcl_recv");
        assertProblem("vcl_backend_response { resp.status = 200 }", 1, 24, "resp.status is not available in vcl_backend_response");
        assertProblem("vcl_miss { obj.ttl < 1.s }", 1, 12, "obj.ttl is not available in vcl_miss");
        assertProblem("vcl_deliver { obj.http.X }", 1, 15, "obj.http is not available in vcl_deliver");
        assertProblem("vcl_backend_fetch { bereq.retries = 2 }", 1, 21, "bereq.retries is read-only in vcl_backend_fetch");
        assertProblem("vcl_deliver { resp.body = 'x' }", 1, 15, "resp.body is not available in vcl_deliver");
        assertProblem("vcl_recv { client.ip = '1.2.3.4' }", 1, 12, "client.ip is read-only in vcl_recv");
        assertProblem("vcl_recv { req.foo = 1 }", 1, 12, "unknown variable req.foo");
        assertProblem("vcl_recv { req.http.remove('Cookie') }\nvcl_backend_response { req.http.remove('Cookie') }", 2, 24,
                "req.http is not available in vcl_backend_response");
    }

    @Test
    void unknownBackendsDirectorsProbesAndSubroutines() {
        assertProblem("backend 'a', host: '127.0.0.1', port: 80\nvcl_recv { req.backend = 'nope' }", 2, 26,
                "unknown backend or director 'nope'");
        assertProblem("backend 'a', host: '127.0.0.1', port: 80\ndirector 'd', roundRobin('a', 'zz')", 2, 31,
                "unknown backend or director 'zz'");
        assertProblem("backend 'a', host: '127.0.0.1', port: 80, probe: 'p'", 1, 50, "unknown probe 'p'");
        assertProblem("vcl_recv {\n  call nothere\n}", 2, 3, "unknown subroutine nothere");
        assertProblem("vcl_foo { }", 1, 1, "unknown subroutine vcl_foo");
        assertProblem("backend 'a', host: '127.0.0.1', port: 80\nvcl_recv { if (std.healthy('b')) return pass }", 2, 28,
                "unknown backend or director 'b'");
        assertProblem("backend 'a', hots: '127.0.0.1'", 1, 14, "unknown backend attribute 'hots'");
    }

    @Test
    void customSubroutinesAreCheckedWhereTheyAreCalled() {
        assertProblem("sub s {\n  return deliver\n}\nvcl_recv { call s }", 2, 10, "return(deliver) is not allowed in vcl_recv");
        assertProblem("sub a { call b }\nsub b { call a }\nvcl_recv { call a }", 2, 9, "recursive call of a");
        assertProblem("sub lonely { }", 1, 1, "unused subroutine lonely");
        assertProblem("sub s { hash_data(req.url) }\nvcl_recv { call s }", 1, 9, "hash_data() is not allowed in vcl_recv");
    }

    @Test
    void actionsMustBeReturned() {
        assertProblem("vcl_recv {\n  pass\n}", 2, 3, "'pass' is an action: write 'return pass'");
        assertProblem("vcl_backend_response { return pass }", 1, 31, "pass needs a duration");
        assertProblem("vcl_recv { return pass(1.s) }", 1, 19, "pass(duration) is only allowed in vcl_backend_response");
    }

    @Test
    void banOutsideARequestIsRefusedClearly() {
        assertProblem("vcl_init { ban('req.url ~ /') }", 1, 12, "ban() is not allowed in vcl_init: a ban needs a request");
    }

    @Test
    void returnVclNamesALabelThatExists() throws Exception {
        try (GroovyVclProgram p = Policies.compile("""
                sub route { if (req.http.host == 'b.example') { return vcl(other) } }
                vcl_recv { call route; if (req.url == '/x') { return vcl('other') } }
                """)) {
            assertTrue(p.returnsVcl());
            assertEquals(java.util.Set.of("other"), p.labels().keySet());
        }
        try (GroovyVclProgram p = Policies.compile("vcl_recv { return hash }")) {
            assertTrue(!p.returnsVcl(), "a policy without return vcl keeps no copy of requests");
        }
        // varnishd: "Symbol not found: 'nolabel'" at the label, when no label has that name
        assertProblem("vcl_recv {\n    return vcl('nolabel')\n}", 2, 16, "Symbol not found: 'nolabel'");
        assertProblem("vcl_recv { return vcl(nolabel) }", 1, 23, "Symbol not found: 'nolabel'");
    }

    @Test
    void returnVclOnlyFromVclRecvAndWithALabel() {
        assertProblem("vcl_deliver { return vcl('other') }", 1, 22,
                "return(vcl) is not allowed in vcl_deliver; legal returns are: fail synth restart deliver");
        assertProblem("sub route { return vcl('other') }\nvcl_hit { call route }", 1, 20,
                "return(vcl) is not allowed in vcl_hit");
        assertProblem("vcl_recv { return vcl }", 1, 19, "return vcl needs the label to switch to: return vcl('label')");
        assertProblem("vcl_recv { return vcl(req.url) }", 1, 19, "vcl() takes the name of a label: return vcl('label')");
        assertProblem("vcl_recv { vcl('other') }", 1, 12, "'vcl(…)' is an action: write 'return vcl(…)'");
    }

    @Test
    void groovyErrorsKeepTheirPosition() {
        VclCompileException e = failure("vcl_recv {\n  if (req.url == '/' {\n}");
        assertTrue(e.first().line() >= 2, e.getMessage());
        assertProblem("vcl_recv {\n  req.http.Cookie.lenght()\n}", 2, 3, "lenght");
        assertProblem("vcl_recv { int n = req.url }", 1, 20, "Cannot assign value of type java.lang.String to variable of type int");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        VclCompileException e = failure("vcl_recv { return deliver }\nvcl_hash { return pass }\nvcl_deliver { obj.hits = 1 }");
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("('policy.groovy' Line 3 Pos 15)"), e.getMessage());
    }

    @Test
    void topLevelAcceptsOnlyDeclarationsAndSubroutines() {
        assertProblem("def x = 1", 1, 1, "only backend, probe and director declarations and subroutines");
        assertProblem("foo 'x'", 1, 1, "unknown declaration foo");
    }
}
