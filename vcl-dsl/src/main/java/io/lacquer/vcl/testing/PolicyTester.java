package io.lacquer.vcl.testing;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.ObjView;
import io.lacquer.core.vcl.Sub;
import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.runtime.GroovyVclProgram;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Runs a policy on a request and a backend response without sockets, the way a cache node would,
 * so what it decides can be asserted in plain JUnit:
 *
 * <pre>{@code
 * PolicyTester policy = PolicyTester.load(Path.of("default.vcl.groovy"));
 * Outcome o = policy.run(TestRequest.get("/logo.png"), TestResponse.ok());
 * assertEquals("static1", o.backend());
 * assertEquals(3600, o.ttl());
 * }</pre>
 *
 * The simulation follows the engine's request and fetch state machines: vcl_recv, vcl_hash, a
 * miss (or a hit on an object given with {@link #runHit}), vcl_backend_fetch,
 * vcl_backend_response, vcl_deliver, with restarts, retries, synth and backend errors, and
 * {@code return vcl(label)} to the labels given when loading (the step {@code VCL_use policy via
 * label} marks the switch). Backends are healthy unless marked {@link #sick}; no probe runs and no
 * connection is made.
 */
public final class PolicyTester implements AutoCloseable {
    private static final int MAX_RESTARTS = 4;
    private static final int MAX_RETRIES = 4;

    private final GroovyVclProgram program;
    /** The policies {@code return vcl(label)} can switch to. */
    private final List<GroovyVclProgram> labelled;
    private final List<String> logs = new ArrayList<>();
    private long xid = 1000;

    private PolicyTester(GroovyVclProgram program, List<GroovyVclProgram> labelled) {
        this.program = requireNonNull(program, "program");
        this.labelled = List.copyOf(labelled);
        for (GroovyVclProgram p : programs()) {
            p.trace((x, line) -> logs.add(line));
            p.declarations().backends().forEach(b -> b.adminHealth(Backend.AdminHealth.HEALTHY));
        }
    }

    /** A tester for the policy in {@code file}. */
    public static PolicyTester load(Path file) throws IOException, VclCompileException {
        return load(file, Map.of());
    }

    /**
     * A tester for the policy in {@code file}, whose vcl_recv may {@code return vcl(label)} to the
     * labels given: each label's name and the file of the policy it points at. A labelled policy
     * cannot return vcl itself, as in varnishd.
     */
    public static PolicyTester load(Path file, Map<String, Path> labels) throws IOException, VclCompileException {
        Map<String, String> sources = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : labels.entrySet()) {
            sources.put(e.getKey(), Files.readString(e.getValue(), StandardCharsets.UTF_8));
        }
        return compile(file.toString(), Files.readString(file, StandardCharsets.UTF_8), sources);
    }

    /** A tester for the policy {@code source}. */
    public static PolicyTester of(String source) throws VclCompileException {
        return of(source, Map.of());
    }

    /**
     * A tester for the policy {@code source}, whose vcl_recv may {@code return vcl(label)} to the
     * labels given: each label's name and the source of the policy it points at.
     */
    public static PolicyTester of(String source, Map<String, String> labels) throws VclCompileException {
        return compile("policy.groovy", source, labels);
    }

    /** A tester for a compiled program (closing the tester closes the program). */
    public static PolicyTester of(GroovyVclProgram program) {
        return new PolicyTester(program, List.of());
    }

    /** Compiles each label's policy under the label's name, then the policy under test over them. */
    private static PolicyTester compile(String fileName, String source, Map<String, String> labels)
            throws VclCompileException {
        VclCompiler compiler = new VclCompiler(VclEnvironment.standalone());
        Map<String, VclLabel> targets = new LinkedHashMap<>();
        List<GroovyVclProgram> compiled = new ArrayList<>();
        try {
            for (Map.Entry<String, String> e : labels.entrySet()) {
                GroovyVclProgram p = compiler.compile(e.getKey(), e.getKey() + ".groovy", e.getValue());
                compiled.add(p);
                targets.put(e.getKey(), new FixedLabel(e.getKey(), p));
            }
            return new PolicyTester(compiler.compile("test", fileName, source, targets::get), compiled);
        } catch (VclCompileException | RuntimeException e) {
            compiled.forEach(GroovyVclProgram::close);
            throw e;
        }
    }

    /** A label that always points at one policy; the tester holds it for its whole life. */
    private record FixedLabel(String name, GroovyVclProgram program) implements VclLabel {
        @Override
        public VclProgram acquire() {
            return program;
        }
    }

    private List<GroovyVclProgram> programs() {
        List<GroovyVclProgram> all = new ArrayList<>(labelled);
        all.add(0, program);
        return all;
    }

    /** The program under test. */
    public GroovyVclProgram program() {
        return program;
    }

    /** Marks backend {@code name} sick (as a failing probe would), in every policy declaring it. */
    public PolicyTester sick(String name) {
        backends(name).forEach(b -> b.adminHealth(Backend.AdminHealth.SICK));
        return this;
    }

    /** Marks backend {@code name} healthy again. */
    public PolicyTester healthy(String name) {
        backends(name).forEach(b -> b.adminHealth(Backend.AdminHealth.HEALTHY));
        return this;
    }

    /* The backends named {@code name} in the policy under test and the labelled ones. */
    private List<Backend> backends(String name) {
        List<Backend> found = new ArrayList<>();
        for (GroovyVclProgram p : programs()) {
            Director d = p.declarations().directors().get(name);
            if (d instanceof Backend b) {
                found.add(b);
            } else if (d != null) {
                throw new IllegalArgumentException("'" + name + "' is a director; mark the backends behind it");
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no backend named \"" + name + "\"");
        }
        return found;
    }

    /** Runs {@code req} as a miss answered by a plain 200. */
    public Outcome run(TestRequest req) {
        return run(req, TestResponse.ok());
    }

    /** Runs {@code req} as a miss answered by {@code resp}. */
    public Outcome run(TestRequest req, TestResponse resp) {
        return new Run(req, resp, null, 0).go();
    }

    /** Runs {@code req} as a hit on an object stored from {@code stored}, delivered {@code hits} times before. */
    public Outcome runHit(TestRequest req, TestResponse stored, long hits) {
        return new Run(req, stored, stored, hits).go();
    }

    @Override
    public void close() {
        programs().forEach(GroovyVclProgram::close);
    }

    /** One simulated request. */
    private final class Run {
        final TestRequest req;
        /** The policy the request is on: the one under test, or the one a label pointed at. */
        VclProgram vcl = program;
        SimulatedRequest r;
        /** Whether the request has switched policies ({@code return vcl}), which it may do once. */
        boolean switched;
        final TestResponse resp;
        final TestResponse cached;
        final long hits;
        final List<String> steps = new ArrayList<>();
        Action recv;
        String backend;
        boolean fetched;
        Action berespAction;
        SimulatedFetch fetch;
        boolean stored;
        String body;
        final SimulatedBans bans = new SimulatedBans();

        Run(TestRequest req, TestResponse resp, TestResponse cached, long hits) {
            this.req = req;
            this.r = new SimulatedRequest(req, xid++, program.defaultBackend(), bans);
            this.resp = resp;
            this.cached = cached;
            this.hits = hits;
            logs.clear();
        }

        Outcome go() {
            Step next = Step.RECV;
            while (next != Step.DONE) {
                next = switch (next) {
                    case RECV -> recv();
                    case RESTART -> restart();
                    case DONE -> Step.DONE;
                };
            }
            Map<String, String> headers = new LinkedHashMap<>();
            r.resp.http.forEach(headers::put);
            SimulatedFetch.Beresp b = fetch == null ? null : fetch.beresp;
            return new Outcome(steps, recv, r.hashInputs, backend, fetched, berespAction,
                    b == null ? 0 : b.ttl, b == null ? 0 : b.grace, b == null || b.uncacheable || fetch.passFor >= 0,
                    stored, r.resp.status, r.resp.reason, headers, body, logs, bans.added);
        }

        Step restart() {
            r.restarts++;
            if (r.restarts > MAX_RESTARTS) {
                return synth(503, "Too many restarts");
            }
            return Step.RECV;
        }

        Step recv() {
            recv = call(Sub.RECV, vcl.recv(r));
            if (recv == Action.VCL && r.restarts == 0 && !switched) {
                switchVcl();
                recv = call(Sub.RECV, vcl.recv(r));
            }
            return switch (recv) {
                case HASH, PURGE -> {
                    r.hashing = true;
                    Action h = call(Sub.HASH, vcl.hash(r));
                    r.hashing = false;
                    if (h != Action.LOOKUP) {
                        yield fail();
                    }
                    yield recv == Action.PURGE ? after(call(Sub.PURGE, vcl.purge(r))) : lookup();
                }
                case PASS -> pass();
                case PIPE -> {
                    Action p = call(Sub.PIPE, vcl.pipe(r));
                    if (p == Action.PIPE) {
                        backend = resolve(r.backend);
                        yield Step.DONE;
                    }
                    yield p == Action.SYNTH ? synth(r.synthStatus, r.synthReason) : fail();
                }
                case SYNTH -> synth(r.synthStatus, r.synthReason);
                case RESTART -> Step.RESTART;
                // after a restart or a switch: a plain 503, as the engine (and varnishd) answers
                case VCL -> synth(503, null);
                default -> fail();
            };
        }

        /*
         * return vcl(label) from the first vcl_recv: the request goes on with the policy the label
         * points at, as it arrived (the engine's Req.switchTo).
         */
        void switchVcl() {
            VclLabel label = r.label;
            vcl = label.acquire();
            switched = true;
            steps.add("VCL_use " + vcl.name() + " via " + label.name());
            r = new SimulatedRequest(req, r.xid, vcl.defaultBackend(), bans);
        }

        Step lookup() {
            if (cached != null) {
                r.obj = obj(cached, hits);
                Action a = call(Sub.HIT, vcl.hit(r));
                return switch (a) {
                    case DELIVER -> deliver(cached.status, cached.headers);
                    case PASS -> {
                        r.obj = null;
                        yield pass();
                    }
                    default -> after(a);
                };
            }
            Action a = call(Sub.MISS, vcl.miss(r));
            return switch (a) {
                case FETCH -> fetch(false);
                case PASS -> pass();
                default -> after(a);
            };
        }

        Step pass() {
            Action a = call(Sub.PASS, vcl.pass(r));
            return a == Action.FETCH ? fetch(true) : after(a);
        }

        /** SYNTH, RESTART or anything else (fail) after a client-side subroutine. */
        Step after(Action a) {
            return switch (a) {
                case SYNTH -> synth(r.synthStatus, r.synthReason);
                case RESTART -> Step.RESTART;
                default -> fail();
            };
        }

        Step fetch(boolean pass) {
            fetched = true;
            fetch = new SimulatedFetch(bans);
            SimulatedFetch.Bereq bereq = fetch.bereq;
            bereq.method = pass ? r.method : "GET";
            bereq.url = r.url;
            r.http.forEach(bereq.http::add);
            bereq.backend = r.backend;
            bereq.uncacheable = pass;
            bereq.xid = xid++;
            bereq.clientIp = r.clientIp();
            bereq.clientIdentity = r.clientIdentity();
            bereq.serverIp = r.serverIp();
            // every attempt starts in vcl_backend_fetch, as the engine's; a null step is a retry
            while (true) {
                Step done = attempt(pass);
                if (done != null) {
                    return done;
                }
                bereq.retries++;
            }
        }

        /** One attempt of a fetch; null when the policy asked for a retry that max_retries allows. */
        Step attempt(boolean pass) {
            Action a = call(Sub.BACKEND_FETCH, vcl.backendFetch(fetch));
            if (a == Action.ERROR) {
                return backendError();
            }
            if (a != Action.FETCH) {
                return synth(503, "Backend fetch failed");
            }
            backend = resolve(fetch.bereq.backend);
            if (backend == null) {
                return backendError();
            }
            SimulatedFetch.Beresp b = new SimulatedFetch.Beresp();
            b.status = resp.status;
            b.reason = Reasons.of(resp.status);
            resp.headers.forEach(b.http::add);
            b.ttl = resp.ttl;
            b.grace = resp.grace;
            b.keep = resp.keep;
            b.uncacheable = pass;
            fetch.beresp = b;
            berespAction = call(Sub.BACKEND_RESPONSE, vcl.backendResponse(fetch));
            switch (berespAction) {
                case DELIVER, PASS -> {
                    stored = !b.uncacheable && fetch.passFor < 0 && b.ttl + b.grace + b.keep > 0;
                    r.obj = fetched(b, b.uncacheable || fetch.passFor >= 0);
                    return deliver(b.status, b.http);
                }
                case RETRY -> {
                    if (fetch.bereq.retries >= MAX_RETRIES) {
                        fetch.errorReason = "Too many retries";
                        return backendError();
                    }
                    return null;
                }
                case ERROR -> {
                    return backendError();
                }
                default -> {
                    return synth(503, "Backend fetch failed");
                }
            }
        }

        /** vcl_backend_error; null when it asks for a retry that max_retries allows. */
        Step backendError() {
            SimulatedFetch.Beresp b = new SimulatedFetch.Beresp();
            b.status = fetch.errorStatus;
            b.reason = fetch.errorReason;
            b.uncacheable = true;
            fetch.beresp = b;
            Action a = call(Sub.BACKEND_ERROR, vcl.backendError(fetch));
            if (a == Action.RETRY && fetch.bereq.retries < MAX_RETRIES) {
                return null;
            }
            if (a != Action.DELIVER) {
                return synth(503, "Backend fetch failed");
            }
            body = b.body;
            r.resp.body = b.body;
            r.obj = fetched(b, true);
            return deliver(b.status, b.http);
        }

        Step deliver(int status, io.lacquer.core.http.HeaderList headers) {
            r.resp.status = status;
            r.resp.reason = fetch != null && fetch.beresp != null ? fetch.beresp.reason : Reasons.of(status);
            names(r.resp.http).forEach(r.resp.http::remove);
            headers.forEach(r.resp.http::add);
            if (r.obj == null) {
                r.obj = obj(resp, 0);
            }
            Action a = call(Sub.DELIVER, vcl.deliver(r));
            return a == Action.DELIVER ? Step.DONE : after(a);
        }

        Step synth(int status, String reason) {
            SimulatedRequest.SimulatedResp out = r.resp;
            new ArrayList<>(names(out.http)).forEach(out.http::remove);
            out.status(status == 0 ? 503 : status);
            if (reason != null) {
                out.reason = reason;
            }
            out.body = null;
            Action a = call(Sub.SYNTH, vcl.synth(r));
            if (a == Action.RESTART) {
                return Step.RESTART;
            }
            if (a != Action.DELIVER) {
                out.status = 503;
                out.reason = "Service Unavailable";
                out.body = "";
            }
            body = out.body;
            return Step.DONE;
        }

        Step fail() {
            return synth(503, "VCL Failed");
        }

        Action call(Sub sub, Action a) {
            if (a == null || !sub.allows(a)) {
                steps.add(sub.vclName() + " -> illegal " + a);
                return Action.FAIL;
            }
            steps.add(sub.vclName() + " -> " + a.vclName());
            return a;
        }

        String resolve(Director d) {
            Backend b = d == null ? null : d.resolve(r);
            return b == null ? null : b.name();
        }
    }

    private static List<String> names(io.lacquer.core.http.HeaderList h) {
        List<String> out = new ArrayList<>();
        h.forEach((n, v) -> out.add(n));
        return out;
    }

    /** The object a fetch made, as vcl_deliver sees it: never delivered before. */
    private static ObjView fetched(SimulatedFetch.Beresp b, boolean uncacheable) {
        TestResponse view = TestResponse.status(b.status).ttl(b.ttl).grace(b.grace);
        b.http.forEach(view::header);
        ObjView base = obj(view, 0);
        return new ObjView() {
            @Override
            public long hits() {
                return 0;
            }

            @Override
            public double ttl() {
                return base.ttl();
            }

            @Override
            public double grace() {
                return base.grace();
            }

            @Override
            public double keep() {
                return b.keep;
            }

            @Override
            public double age() {
                return 0;
            }

            @Override
            public int status() {
                return b.status;
            }

            @Override
            public String http(String name) {
                return b.http.joined(name);
            }

            @Override
            public boolean uncacheable() {
                return uncacheable;
            }
        };
    }

    private static ObjView obj(TestResponse from, long hits) {
        return new ObjView() {
            @Override
            public long hits() {
                return hits;
            }

            @Override
            public double ttl() {
                return from.ttl;
            }

            @Override
            public double grace() {
                return from.grace;
            }

            @Override
            public double keep() {
                return from.keep;
            }

            @Override
            public double age() {
                return 0;
            }

            @Override
            public int status() {
                return from.status;
            }

            @Override
            public String http(String name) {
                return from.headers.joined(name);
            }

            @Override
            public boolean uncacheable() {
                return false;
            }
        };
    }

    private enum Step { RECV, RESTART, DONE }
}
