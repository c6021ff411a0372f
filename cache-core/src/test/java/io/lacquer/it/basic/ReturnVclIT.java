package io.lacquer.it.basic;

import io.lacquer.core.backend.Director;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.HeldRequest;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.BuiltinVcl;
import io.lacquer.core.vcl.ClientContext;
import io.lacquer.core.vcl.ForwardingVcl;
import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code return(vcl(label))} in the engine, with policies written in Java: the request goes back
 * to how it arrived, runs the labelled policy from its vcl_recv and finishes there, counted once;
 * after a restart the return is a plain 503; both policies are counted busy while the request runs.
 */
class ReturnVclIT {
    private ScriptedOrigin origin;
    private TestNode node;
    private final AtomicReference<VclProgram> labelled = new AtomicReference<>();
    private Front front;
    private Director backend;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "no-store").send("ok"));
        node = TestNode.builder(origin.hostPort()).vcl(d -> {
            backend = d;
            labelled.set(new Tagging(d, "b"));
            front = new Front(d, new Label("lbl", labelled));
            return front;
        }).start();
    }

    @AfterEach
    void stop() {
        node.close();
        origin.close();
    }

    @Test
    void theRequestStartsOverInTheLabelledPolicyAsItArrived() throws Exception {
        RawHttp.Response r = get("b.example", "/orig?q=1", "X-Forwarded-For: 1.2.3.4", "X-Keep: as sent");

        assertEquals(200, r.status());
        assertEquals("b", r.header("X-Policy"), "the labelled policy delivered");
        ScriptedOrigin.Request bereq = origin.last("/orig");
        assertEquals("/orig?q=1", bereq.target(), "the URL the front policy set is rolled back");
        assertEquals("as sent", bereq.header("X-Keep"), "so is the header it changed");
        assertNull(bereq.header("X-Front"), "and the one it added");
        assertEquals("1.2.3.4, 127.0.0.1", bereq.header("X-Forwarded-For"), "the client is added once");
        assertEquals(1, node.counter(Counter.CLIENT_REQ));

        assertEquals("front", get("a.example", "/other").header("X-Policy"), "other hosts stay on the front policy");
        assertEquals(2, node.counter(Counter.CLIENT_REQ));
    }

    @Test
    void relabellingTakesEffectForTheNextSwitch() throws Exception {
        assertEquals("b", get("b.example", "/").header("X-Policy"));
        labelled.set(new Tagging(backend, "c"));
        assertEquals("c", get("b.example", "/").header("X-Policy"));
    }

    @Test
    void afterARestartTheReturnIsAPlain503() throws Exception {
        RawHttp.Response r = get("b.example", "/restart");

        assertEquals(503, r.status());
        assertEquals("Service Unavailable", r.reason());
        assertEquals(null, r.header("X-Policy"), "vcl_synth ran on the front policy");
        assertEquals(0, node.counter(Counter.VCL_FAIL), "not a VCL failure");
        assertEquals(1, node.counter(Counter.S_SYNTH));
        assertEquals(0, origin.count("/restart"));
    }

    @Test
    void theLabelledPolicyCannotSwitchAgain() throws Exception {
        labelled.set(front);
        RawHttp.Response r = get("b.example", "/twice");

        assertEquals(503, r.status());
        assertEquals("Service Unavailable", r.reason());
        assertEquals(0, awaitIdle(front), "held once per switch, released once");
    }

    @Test
    void bothPoliciesAreHeldUntilTheRequestEnds() throws Exception {
        VclProgram b = labelled.get();
        HeldRequest slow = HeldRequest.start(origin, "/slow", () -> get("b.example", "/slow"));
        slow.awaitArrival();
        assertEquals(1, front.busy().get(), "the policy the request started on");
        assertEquals(2, b.busy().get(), "the labelled policy: the request and its fetch");
        assertEquals("b", slow.release().header("X-Policy"));
        assertEquals(0, awaitIdle(front));
        assertEquals(0, awaitIdle(b));
    }

    private RawHttp.Response get(String host, String target, String... headers) throws Exception {
        StringBuilder raw = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n");
        for (String h : headers) {
            raw.append(h).append("\r\n");
        }
        return RawHttp.send(node.port(), raw.append("Connection: close\r\n\r\n").toString());
    }

    /** The fetch gives its count back on its own thread, just after the response went out. */
    private static int awaitIdle(VclProgram p) throws InterruptedException {
        for (int i = 0; i < 500 && p.busy().get() != 0; i++) {
            Thread.sleep(10);
        }
        return p.busy().get();
    }

    /** A label pointing wherever {@code target} says. */
    private record Label(String name, AtomicReference<VclProgram> target) implements VclLabel {
        @Override
        public VclProgram acquire() {
            VclProgram p = target.get();
            p.busy().acquire();
            return p;
        }
    }

    /**
     * {@code vcl_recv { set req.url = "/changed"; set req.http.X-Keep = "changed"; ...
     * if (req.http.host == "b.example") { return (vcl(lbl)); } }}, restarting once for /restart.
     */
    private static final class Front extends ForwardingVcl {
        private final VclLabel label;

        Front(Director backend, VclLabel label) {
            super(new BuiltinVcl("front", backend));
            this.label = label;
        }

        @Override
        public boolean returnsVcl() {
            return true;
        }

        @Override
        public Action recv(ClientContext ctx) {
            if (ctx.req().url().equals("/restart") && ctx.req().restarts() == 0) {
                return Action.RESTART;
            }
            ctx.req().http().set("X-Keep", "changed");
            ctx.req().http().set("X-Front", "yes");
            if ("b.example".equals(ctx.req().http().get("Host"))) {
                if (!ctx.req().url().equals("/restart")) {
                    ctx.req().url("/changed");
                }
                return ctx.vcl(label);
            }
            return super.recv(ctx);
        }

        @Override
        public Action deliver(ClientContext ctx) {
            ctx.resp().http().set("X-Policy", "front");
            return super.deliver(ctx);
        }
    }

    /** The builtin policy marking its responses with its tag. */
    private static final class Tagging extends ForwardingVcl {
        private final String tag;

        Tagging(Director backend, String tag) {
            super(new BuiltinVcl(tag, backend));
            this.tag = tag;
        }

        @Override
        public Action deliver(ClientContext ctx) {
            ctx.resp().http().set("X-Policy", tag);
            return super.deliver(ctx);
        }
    }
}
