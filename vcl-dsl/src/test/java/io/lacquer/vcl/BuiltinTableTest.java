package io.lacquer.vcl;

import io.lacquer.vcl.testing.Outcome;
import io.lacquer.vcl.testing.PolicyTester;
import io.lacquer.vcl.testing.TestRequest;
import io.lacquer.vcl.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The builtin policy, written in the DSL, decides as Varnish 7.1's builtin.vcl does. The
 * expectations in {@code builtin-oracle.csv} were produced by the real varnishd running each case
 * of {@code builtin-cases.txt} under the same instrumenting policy as below
 * ({@code src/test/varnish/builtin-oracle.sh}); beresp.ttl as varnishd's core computed it is fed
 * in, so what is compared is the builtin policy alone: what vcl_recv chose, the Host it left, and
 * whether and for how long the response is kept.
 */
class BuiltinTableTest {
    /** The same instrumentation the oracle's VCL adds; every subroutine falls through to the builtin. */
    private static final String INSTRUMENTED = """
            backend 'default', host: '127.0.0.1', port: 9
            vcl_miss { req.http['x-d'] = 'hash' }
            vcl_hit { req.http['x-d'] = 'hash' }
            vcl_pass { req.http['x-d'] = 'pass' }
            vcl_pipe {
                req.http['x-d'] = 'pipe'
                return synth(299, 'piped')
            }
            vcl_deliver {
                resp.http['x-d'] = req.http['x-d']
                resp.http['x-host'] = req.http.host
                resp.http['x-uncacheable'] = obj.uncacheable ? 'true' : 'false'
                resp.http['x-ttl-out'] = String.valueOf(obj.ttl.seconds)
            }
            vcl_synth {
                resp.http['x-d'] = 'synth'
                if (req.http['x-d'] != null) {
                    resp.http['x-d'] = req.http['x-d']
                }
                resp.http['x-host'] = req.http.host
            }
            """;

    private static PolicyTester policy;

    record Case(String id, String method, String url, String proto, String reqHeaders, int status, String respHeaders,
                String decision, String host, String uncacheable, String ttlIn, String ttlOut, int clientStatus) {
        @Override
        public String toString() {
            return id;
        }
    }

    @BeforeAll
    static void load() throws Exception {
        policy = PolicyTester.of(INSTRUMENTED);
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    static List<Case> cases() throws IOException {
        Map<String, String[]> oracle = new HashMap<>();
        for (String line : lines("builtin-oracle.csv")) {
            String[] f = line.split("\\|", -1);
            oracle.put(f[0], f);
        }
        List<Case> out = new ArrayList<>();
        for (String line : lines("builtin-cases.txt")) {
            String[] c = line.split("\\|", -1);
            String[] o = oracle.get(c[0]);
            if (o == null) {
                throw new IllegalStateException("no oracle result for case " + c[0] + "; rerun builtin-oracle.sh");
            }
            out.add(new Case(c[0], c[1], c[2], c[3], c[4], Integer.parseInt(c[5]), c[6], o[1], o[2], o[3], o[4], o[5],
                    Integer.parseInt(o[6])));
        }
        return out;
    }

    @Test
    void thereAreAtLeastThirtyCases() throws IOException {
        assertTrue(cases().size() >= 30, "cases: " + cases().size());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesAsVarnish(Case c) {
        TestRequest req = TestRequest.of(c.method(), c.url()).proto(c.proto()).without("Host");
        boolean noHost = false;
        for (String h : fields(c.reqHeaders())) {
            if (h.equals("NOHOST")) {
                noHost = true;
            } else {
                req.header(h.substring(0, h.indexOf(':')).trim(), h.substring(h.indexOf(':') + 1).trim());
            }
        }
        if (!noHost) {
            req.header("Host", "127.0.0.1");
        }
        TestResponse resp = TestResponse.status(c.status());
        for (String h : fields(c.respHeaders())) {
            resp.header(h.substring(0, h.indexOf(':')).trim(), h.substring(h.indexOf(':') + 1).trim());
        }
        if (!c.ttlIn().isEmpty()) {
            resp.ttl(Double.parseDouble(c.ttlIn()));
        }
        Outcome o = policy.run(req, resp);
        String why = c.id() + ": " + o.steps();
        assertEquals(c.clientStatus(), o.status(), why);
        assertEquals(c.decision(), o.header("x-d"), why);
        assertEquals(c.host(), nullToEmpty(o.header("x-host")), why);
        if (!c.uncacheable().isEmpty()) {
            assertEquals(c.uncacheable(), o.header("x-uncacheable"), why);
            if (c.decision().equals("hash")) {
                assertEquals(Math.round(Double.parseDouble(c.ttlOut())), Long.parseLong(o.header("x-ttl-out")), why);
            }
        }
    }

    private static List<String> fields(String spec) {
        return spec.equals("-") ? List.of() : List.of(spec.split(";"));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    private static List<String> lines(String resource) throws IOException {
        try (InputStream in = BuiltinTableTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing");
            }
            List<String> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    out.add(line.strip());
                }
            }
            return out;
        }
    }
}
