package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.backend.director.BoundDirector;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.BackendContext;
import io.lacquer.core.vcl.BusyCount;
import io.lacquer.core.vcl.ClientContext;
import io.lacquer.core.vcl.ReqView;
import io.lacquer.core.vcl.Sub;
import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * A compiled policy as the engine runs it. Each subroutine is the chain of its bodies (the
 * user's, in source order, then the builtin policy's); the first body that returns decides, so a
 * body that does not return falls through, as VCL does. Bodies are lambdas called through their
 * interface: no reflection or dynamic dispatch on the request path. A body that fails or runs past
 * its time budget counts as {@code return fail}. Immutable and thread-safe.
 */
public final class GroovyVclProgram implements VclProgram, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.vcl");
    private static final Logger TRACE = LoggerFactory.getLogger("io.lacquer.vcl.log");
    private static final ClientSub[] NO_CLIENT = new ClientSub[0];

    private final String name;
    private final String source;
    private final Declarations declared;
    private final ClientSub[][] client = new ClientSub[Sub.values().length][];
    private final BackendSub[][] backend = new BackendSub[Sub.values().length][];
    private final HousekeepingSub[][] housekeeping = new HousekeepingSub[Sub.values().length][];
    private final ClientSub[] customClient;
    private final BackendSub[] customBackend;
    private final boolean loops;
    private final long budgetNanos;
    private final String identity;
    private final Runnable release;
    private final Map<String, VclLabel> labels;
    private final BusyCount busy = new BusyCount();
    private volatile BiConsumer<Long, String> trace;

    /**
     * A program from the parts of the builtin policy and of the user's, which come after it in
     * numbering but before it in every chain.
     *
     * @param labels the labels its vcl_recv can return to, by name
     * @param release frees the policy's classes once it is discarded
     */
    public GroovyVclProgram(String name, String source, Declarations declared, PolicyParts builtin, PolicyParts user,
                            Map<String, VclLabel> labels, long budgetMillis, String identity, Runnable release) {
        this.name = requireNonNull(name, "name");
        this.labels = Map.copyOf(labels);
        this.source = requireNonNull(source, "source");
        this.declared = requireNonNull(declared, "declared");
        this.identity = requireNonNull(identity, "identity");
        this.release = requireNonNull(release, "release");
        this.budgetNanos = budgetMillis * 1_000_000L;
        this.loops = builtin.hasLoops() || user.hasLoops();
        for (Sub sub : Sub.values()) {
            List<Object> chain = new ArrayList<>(user.bodies(sub));
            chain.addAll(builtin.bodies(sub));
            if (sub == Sub.INIT || sub == Sub.FINI) {
                housekeeping[sub.ordinal()] = chain.toArray(new HousekeepingSub[0]);
            } else if (sub.isBackendSide()) {
                backend[sub.ordinal()] = chain.toArray(new BackendSub[0]);
            } else {
                client[sub.ordinal()] = chain.toArray(NO_CLIENT);
            }
        }
        this.customClient = merge(builtin.customClient(), user.customClient()).toArray(NO_CLIENT);
        this.customBackend = merge(builtin.customBackend(), user.customBackend()).toArray(new BackendSub[0]);
    }

    private static <T> List<T> merge(Map<Integer, T> a, Map<Integer, T> b) {
        List<T> out = new ArrayList<>();
        for (int i = 0; i < a.size() + b.size(); i++) {
            out.add(a.containsKey(i) ? a.get(i) : b.get(i));
        }
        return out;
    }

    @Override
    public String name() {
        return name;
    }

    /** The policy's source text (for {@code vcl.show}). */
    public String source() {
        return source;
    }

    /** The backends, probes and directors it declared. */
    public Declarations declarations() {
        return declared;
    }

    @Override
    public Director defaultBackend() {
        return declared.defaultDirector();
    }

    @Override
    public BusyCount busy() {
        return busy;
    }

    @Override
    public boolean returnsVcl() {
        return !labels.isEmpty();
    }

    /** The labels vcl_recv can return to, by name; the policy holds them as long as it is loaded. */
    public Map<String, VclLabel> labels() {
        return labels;
    }

    // ---- client side ----

    @Override
    public Action recv(ClientContext ctx) {
        return client(Sub.RECV, ctx);
    }

    @Override
    public Action hash(ClientContext ctx) {
        return client(Sub.HASH, ctx);
    }

    @Override
    public Action hit(ClientContext ctx) {
        return client(Sub.HIT, ctx);
    }

    @Override
    public Action miss(ClientContext ctx) {
        return bindBackend(client(Sub.MISS, ctx), ctx.req());
    }

    @Override
    public Action pass(ClientContext ctx) {
        return bindBackend(client(Sub.PASS, ctx), ctx.req());
    }

    @Override
    public Action pipe(ClientContext ctx) {
        return client(Sub.PIPE, ctx);
    }

    @Override
    public Action purge(ClientContext ctx) {
        return client(Sub.PURGE, ctx);
    }

    @Override
    public Action deliver(ClientContext ctx) {
        return client(Sub.DELIVER, ctx);
    }

    @Override
    public Action synth(ClientContext ctx) {
        return client(Sub.SYNTH, ctx);
    }

    // ---- backend side ----

    @Override
    public Action backendFetch(BackendContext ctx) {
        Action a = backend(Sub.BACKEND_FETCH, ctx);
        Director d = ctx.bereq().backend();
        if (needsBinding(d)) {
            ctx.bereq().backend(new BoundDirector(d, ReqSnapshot.of(ctx.bereq())));
        }
        return a;
    }

    @Override
    public Action backendResponse(BackendContext ctx) {
        return backend(Sub.BACKEND_RESPONSE, ctx);
    }

    @Override
    public Action backendError(BackendContext ctx) {
        return backend(Sub.BACKEND_ERROR, ctx);
    }

    // ---- housekeeping ----

    /** Runs {@code vcl_init}; returns OK or FAIL. */
    public Action init() {
        return housekeeping(Sub.INIT);
    }

    /** Runs {@code vcl_fini}. */
    public Action fini() {
        return housekeeping(Sub.FINI);
    }

    /** Sends {@code log()} lines to {@code sink} as well as to the log (for tests of policies). */
    public void trace(BiConsumer<Long, String> sink) {
        this.trace = sink;
    }

    /** Stops probes, closes backend connections and frees the policy's classes. */
    @Override
    public void close() {
        declared.close();
        release.run();
    }

    // ---- used by scopes ----

    ClientSub clientSub(int index) {
        return customClient[index];
    }

    BackendSub backendSub(int index) {
        return customBackend[index];
    }

    VclLabel label(String name) {
        return labels.get(name);
    }

    boolean hasLoops() {
        return loops;
    }

    long budgetNanos() {
        return budgetNanos;
    }


    String identity() {
        return identity;
    }

    void log(long xid, Sub sub, String message) {
        TRACE.info("{} VCL_Log {} {}", xid, sub.vclName(), message);
        BiConsumer<Long, String> sink = trace;
        if (sink != null) {
            sink.accept(xid, message);
        }
    }

    // ---- running chains ----

    private Action client(Sub sub, ClientContext ctx) {
        ClientScope scope = new ClientScope(this, sub, ctx);
        try {
            for (ClientSub body : client[sub.ordinal()]) {
                Action a = body.run(scope);
                if (a != null) {
                    return a;
                }
            }
            return sub.defaultAction();
        } catch (RuntimeException | StackOverflowError e) {
            return failed(ctx.req().xid(), sub, e);
        }
    }

    private Action backend(Sub sub, BackendContext ctx) {
        BackendScope scope = new BackendScope(this, sub, ctx);
        try {
            for (BackendSub body : backend[sub.ordinal()]) {
                Action a = body.run(scope);
                if (a != null) {
                    return a;
                }
            }
            return sub.defaultAction();
        } catch (RuntimeException | StackOverflowError e) {
            return failed(ctx.bereq().xid(), sub, e);
        }
    }

    private Action housekeeping(Sub sub) {
        HousekeepingScope scope = new HousekeepingScope(this, sub);
        try {
            for (HousekeepingSub body : housekeeping[sub.ordinal()]) {
                Action a = body.run(scope);
                if (a != null) {
                    return a;
                }
            }
            return sub.defaultAction();
        } catch (RuntimeException | StackOverflowError e) {
            return failed(0, sub, e);
        }
    }

    private Action failed(long xid, Sub sub, Throwable e) {
        LOG.warn("{} {} failed in policy {}: {}", xid, sub.vclName(), name, e.toString());
        return Action.FAIL;
    }

    /** A keyed director is bound to a snapshot of the request before the fetch side resolves it. */
    private static Action bindBackend(Action a, ReqView req) {
        if (a == Action.FETCH) {
            Director d = req.backend();
            if (needsBinding(d)) {
                req.backend(new BoundDirector(d, ReqSnapshot.of(req)));
            }
        }
        return a;
    }

    private static boolean needsBinding(Director d) {
        return d != null && !(d instanceof Backend) && !(d instanceof BoundDirector);
    }

    @Override
    public String toString() {
        return "policy " + name;
    }
}
