package io.lacquer.it.policy;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.HeldRequest;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.registry.VclListing;
import io.lacquer.vcl.registry.VclRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code return vcl('label')} on a node whose policies live in a registry, as varnishd's
 * separate-VCL-per-site setup: a front policy sends one site to its own labelled policy.
 */
class LabelledPolicyIT {
    private static final VclCompiler COMPILER = new VclCompiler(VclEnvironment.standalone());
    private static final String FRONT = """
            vcl_recv {
                if (req.url == '/again' && req.restarts == 0) { return restart }
                req.http['X-Front'] = 'set'
                req.url = '/rewritten'
                if (req.http.host == 'site.example') { return vcl('site') }
            }
            vcl_deliver { resp.http['X-Policy'] = 'front' }
            """;

    private ScriptedOrigin one;
    private ScriptedOrigin two;
    private VclRegistry registry;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        one = ScriptedOrigin.start();
        two = ScriptedOrigin.start();
        one.otherwise((req, resp) -> resp.header("Cache-Control", "no-store").header("X-Origin", "one").send("one"));
        two.otherwise((req, resp) -> resp.header("Cache-Control", "no-store").header("X-Origin", "two").send("two"));
        node = TestNode.builder(one.hostPort()).start();
        registry = new VclRegistry(COMPILER);
        registry.load("two", "two.groovy", site("two", "two"));
        registry.label("site", "two");
        registry.load("front", "front.groovy", backends() + FRONT);
        registry.use("front");
        registry.engine(node.server()::use);
    }

    @AfterEach
    void stop() {
        node.close();
        registry.close();
        one.close();
        two.close();
    }

    private String backends() {
        return "backend 'one', host: '127.0.0.1', port: " + one.port() + "\n"
                + "backend 'two', host: '127.0.0.1', port: " + two.port() + "\n";
    }

    /** A site's policy: fetches from {@code backend}, and shows what its vcl_recv saw. */
    private String site(String tag, String backend) {
        return backends() + """
                vcl_recv {
                    req.backend = '%s'
                    req.http['X-Saw-Url'] = req.url
                    req.http['X-Saw-Front'] = req.http['X-Front'] ?: 'none'
                }
                vcl_deliver {
                    resp.http['X-Policy'] = '%s'
                    resp.http['X-Saw-Url'] = req.http['X-Saw-Url']
                    resp.http['X-Saw-Front'] = req.http['X-Saw-Front']
                }
                """.formatted(backend, tag);
    }

    private RawHttp.Response get(String host, String path, String... headers) throws Exception {
        StringBuilder raw = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headers) {
            raw.append(h).append("\r\n");
        }
        return RawHttp.send(node.port(), raw.append("Connection: close\r\n\r\n").toString());
    }

    @Test
    void aSiteGoesToItsLabelledPolicyAsItArrived() throws Exception {
        RawHttp.Response site = get("site.example", "/page?x=1", "X-Forwarded-For: 10.0.0.9");
        assertEquals("two", site.header("X-Origin"), "the labelled policy's backend");
        assertEquals("two", site.header("X-Policy"));
        assertEquals("/page?x=1", site.header("X-Saw-Url"), "the front policy's rewrite is rolled back");
        assertEquals("none", site.header("X-Saw-Front"), "and so is the header it set");
        assertEquals("10.0.0.9, 127.0.0.1", two.last("/page").header("X-Forwarded-For"), "the client is added once");

        RawHttp.Response other = get("other.example", "/page");
        assertEquals("one", other.header("X-Origin"));
        assertEquals("front", other.header("X-Policy"));
        assertEquals(2, node.counter(Counter.CLIENT_REQ), "a switched request counts once");
    }

    @Test
    void relabellingSendsTheNextRequestsElsewhere() throws Exception {
        assertEquals("two", get("site.example", "/a").header("X-Policy"));
        registry.load("three", "three.groovy", site("three", "one"));
        registry.label("site", "three");
        RawHttp.Response r = get("site.example", "/b");
        assertEquals("three", r.header("X-Policy"));
        assertEquals("one", r.header("X-Origin"));
        assertTrue(registry.list().stream().anyMatch(l -> String.join(" ", l.cells()).endsWith("site -> three (1 return(vcl))")),
                registry.list().toString());
    }

    @Test
    void afterARestartReturnVclIsA503() throws Exception {
        RawHttp.Response r = get("site.example", "/again");
        assertEquals(503, r.status());
        assertEquals("Service Unavailable", r.reason());
        assertEquals(0, node.counter(Counter.VCL_FAIL));
        assertEquals(0, two.requests().size());
    }

    @Test
    void bothPoliciesAreBusyWhileASwitchedRequestRuns() throws Exception {
        HeldRequest slow = HeldRequest.start(two, "/slow", () -> get("site.example", "/slow"));
        slow.awaitArrival();
        assertEquals(2, busy("two"), "the request and its fetch");
        assertEquals(1, busy("front"), "the policy the request started on");
        assertEquals("two", slow.release().header("X-Policy"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while ((busy("two") != 0 || busy("front") != 0) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, busy("two"));
        assertEquals(0, busy("front"));
    }

    private int busy(String name) {
        return registry.list().stream().filter(l -> l.name().equals(name)).mapToInt(VclListing::busy).findFirst().orElseThrow();
    }
}
