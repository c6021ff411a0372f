package io.lacquer.vcl.registry;

import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The policies loaded into a node and their labels, by name (Varnish's {@code vcl.load},
 * {@code vcl.use}, {@code vcl.discard}, {@code vcl.label}, {@code vcl.list}, {@code vcl.show},
 * {@code vcl.state}), with varnishd's rules and messages.
 *
 * <p>One policy, or one label, is active: {@link #use} hands its policy to the engine, which swaps
 * it atomically; requests in flight keep the policy they started with. A warm policy runs its
 * probes; a cold one does not.
 *
 * <p>Labels: a label points at a policy, never at a label. A policy whose vcl_recv returns vcl to
 * a label can only be loaded while the label exists, and holds it as long as it is loaded; the
 * label cannot be discarded before it, nor a labelled policy before its labels, and a label cannot
 * be pointed where it would close a loop of labels and returns. Labelled policies, and those that
 * return vcl, stay warm.
 *
 * <p>Discarding a policy stops its probes; once no request or fetch holds it any more (its
 * {@link VclProgram#busy()} count), its vcl_fini runs, its backends close and its classes are
 * released. Until then {@code vcl.list} shows it as discarded.
 *
 * <p>All public methods are synchronized: the admin plane calls them from its sessions. Label
 * targets and release decisions are also guarded by a reference lock of their own, which the
 * request path takes (only) when it switches policies.
 */
public final class VclRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.vcl");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");
    /** varnishd lists five dependents, then {@code [...]}. */
    private static final int DEPENDENTS_SHOWN = 5;

    private final VclCompiler compiler;
    private final LongSupplier clock;
    private final long cooldownMillis;
    private final ScheduledExecutorService probes;
    private final Object refs = new Object();
    private final Map<String, Loaded> entries = new LinkedHashMap<>();
    private final Map<String, Label> labels = new LinkedHashMap<>();
    private final List<Loaded> discarded = new ArrayList<>();
    private Consumer<VclProgram> engine = p -> { };
    private Loaded active;
    /** The label {@code vcl.use} named, when the active policy was chosen through one. */
    private Label activeLabel;
    private long order;

    /**
     * A registry compiling with {@code compiler}; a policy in {@code auto} state cools
     * {@code cooldownMillis} after it stopped being active (varnishd's {@code vcl_cooldown}, 600 s),
     * by {@code clock} (milliseconds).
     */
    public VclRegistry(VclCompiler compiler, long cooldownMillis, LongSupplier clock) {
        this.compiler = requireNonNull(compiler, "compiler");
        this.clock = requireNonNull(clock, "clock");
        this.cooldownMillis = cooldownMillis;
        // two threads: a probe waiting out its timeout does not hold back the others for long
        this.probes = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "lacquer-probe");
            t.setDaemon(true);
            return t;
        });
        // discarded policies are released soon after their last request, not at the next command
        probes.scheduleWithFixedDelay(this::releaseIdle, 1, 1, TimeUnit.SECONDS);
    }

    /** A registry with varnishd's 600 s cooldown on the wall clock. */
    public VclRegistry(VclCompiler compiler) {
        this(compiler, 600_000, System::currentTimeMillis);
    }

    /** Where {@link #use} sends the active policy (usually {@code CacheServer::use}). */
    public synchronized void engine(Consumer<VclProgram> engine) {
        this.engine = requireNonNull(engine, "engine");
        if (active != null) {
            engine.accept(active.program);
        }
    }

    /** {@code vcl.load name file}: compiles the policy in {@code file}; it is warm until it cools. */
    public GroovyVclProgram load(String name, Path file) throws VclCompileException, IOException {
        return load(name, file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * {@code vcl.inline name source}: compiles {@code source} (from {@code fileName}) under
     * {@code name}; each label it returns vcl to must exist.
     */
    public GroovyVclProgram load(String name, String fileName, String source) throws VclCompileException {
        synchronized (this) {
            checkNewName(name);
        }
        GroovyVclProgram program = compiler.compile(name, fileName, source, this::labelNamed);
        synchronized (this) {
            if (entries.containsKey(name) || labels.containsKey(name)) {
                program.close();
                throw new IllegalStateException("Already a VCL named " + name);
            }
            List<Label> uses = new ArrayList<>();
            for (VclLabel l : program.labels().values()) {
                if (labels.get(l.name()) != l) {
                    // discarded while the policy compiled
                    program.close();
                    throw new VclCompileException(List.of(new VclCompileException.Problem(fileName, 0, 0,
                            "Symbol not found: '" + l.name() + "'")));
                }
                uses.add((Label) l);
            }
            Loaded e = new Loaded(name, program, order++, uses);
            e.inactiveSince = clock.getAsLong();
            entries.put(name, e);
            warm(e);
            return program;
        }
    }

    /**
     * {@code vcl.use name}: makes the policy active for new requests; through a label, the label is
     * active, and pointing it elsewhere switches new requests too.
     */
    public synchronized void use(String name) {
        sweep();
        Label label = labels.get(name);
        Loaded e = label != null ? label.target() : entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No VCL named " + name + " known");
        }
        requireWarm(e);
        activate(e, label);
        LOG.info("policy {} is active{}", e.name, label == null ? "" : " through label " + label.name());
    }

    /** The name {@code vcl.use} was last given: a policy or a label; null when none of this registry's is active. */
    public synchronized String activeName() {
        return activeLabel != null ? activeLabel.name() : active != null ? active.name : null;
    }

    /**
     * Records that none of this registry's policies is active any more, because the node switched
     * to a policy kept outside it (the builtin {@code boot} policy of a node started with {@code -b}).
     */
    public synchronized void deactivate() {
        if (active != null) {
            active.inactiveSince = clock.getAsLong();
            active = null;
            activeLabel = null;
        }
    }

    /** {@code vcl.discard name}: as {@link #discard(Collection)} for one name. */
    public void discard(String name) {
        discard(List.of(name));
    }

    /**
     * {@code vcl.discard name…}: forgets policies and labels, all or none. Refused for the active
     * one, a policy with a label not discarded with it, and a label a policy not discarded with it
     * returns vcl to. Each goes after what depends on it.
     */
    public synchronized void discard(Collection<String> names) {
        List<Object> marked = new ArrayList<>();
        for (String name : names) {
            Object x = labels.containsKey(name) ? labels.get(name) : entries.get(name);
            if (x == null) {
                throw new IllegalArgumentException("No VCL named " + name + " known");
            }
            if (x == activeLabel || (activeLabel == null && x == active)) {
                throw new IllegalStateException("Cannot discard active VCL program " + name);
            }
            if (!marked.contains(x)) {
                marked.add(x);
            }
        }
        for (Object x : marked) {
            List<Object> dependents = dependents(x);
            if (!marked.containsAll(dependents)) {
                throw new IllegalStateException((x instanceof Label l
                        ? "Cannot discard VCL label " + l.name() + ", other VCLs depend on it:"
                        : "Cannot discard labeled VCL program " + ((Loaded) x).name + ":") + listed(dependents));
            }
        }
        Set<Object> done = new HashSet<>();
        for (Object x : marked) {
            drop(x, done);
        }
    }

    /**
     * {@code vcl.label label name}: a second name for a policy, new or pointed elsewhere. varnishd's
     * refusals: the label is a policy's name, the target is unknown, is a label, is cold, or would
     * close a loop.
     */
    public synchronized void label(String label, String name) {
        if (!NAME.matcher(label).matches()) {
            throw new IllegalArgumentException("Illegal label name \"" + label + "\"");
        }
        if (entries.containsKey(label)) {
            throw new IllegalArgumentException(label + " is not a label");
        }
        if (labels.containsKey(name)) {
            throw new IllegalStateException("VCL labels cannot point to labels");
        }
        Loaded target = entries.get(name);
        if (target == null) {
            throw new IllegalArgumentException("No VCL named " + name + " known");
        }
        Label existing = labels.get(label);
        if (existing != null && existing.target() != target) {
            String path = path(target, existing);
            if (path != null) {
                throw new IllegalArgumentException(path + "Pointing label " + label + " at " + name + " would create a loop");
            }
        }
        requireWarm(target);
        warm(target);
        if (existing == null) {
            labels.put(label, new Label(label, order++, target, refs));
            return;
        }
        Loaded before = existing.target();
        existing.point(target);
        before.inactiveSince = clock.getAsLong();
        if (existing == activeLabel) {
            activate(target, existing);
        }
    }

    /** {@code vcl.state name auto|cold|warm}. */
    public synchronized void state(String name, VclState state) {
        if (labels.containsKey(name)) {
            throw new IllegalArgumentException("Labels are always warm");
        }
        Loaded e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No VCL named " + name + " known");
        }
        if (state == VclState.COLD && labelled(e)) {
            throw new IllegalStateException("A labeled VCL cannot be set cold");
        }
        if (state == VclState.COLD && e == active) {
            throw new IllegalStateException("Cannot set the active VCL cold.");
        }
        e.state = state;
        if (state == VclState.COLD) {
            cool(e);
        } else if (state == VclState.WARM) {
            warm(e);
        }
        sweep();
    }

    /** {@code vcl.list}: policies and labels in the order they were made, discarded policies still held among them. */
    public synchronized List<VclListing> list() {
        sweep();
        List<Object> all = new ArrayList<>(entries.values());
        all.addAll(labels.values());
        all.addAll(discarded);
        all.sort(Comparator.comparingLong(x -> x instanceof Label l ? l.order() : ((Loaded) x).order));
        List<VclListing> out = new ArrayList<>();
        for (Object x : all) {
            if (x instanceof Label l) {
                int returns = dependents(l).size();
                out.add(new VclListing(l == activeLabel ? "active" : "available", "label", "warm", 0, l.name(),
                        l.target().name, returns));
            } else {
                Loaded e = (Loaded) x;
                int busy = e.program.busy().get();
                if (e.discarded) {
                    out.add(new VclListing("discarded", "cold", "busy", busy, e.name, null, 0));
                } else {
                    out.add(new VclListing(e == active && activeLabel == null ? "active" : "available",
                            e.state.vclName(), e.warm ? "warm" : "cold", busy, e.name, null, dependents(e).size()));
                }
            }
        }
        return out;
    }

    /** {@code vcl.show name}: the source the policy (or the one the label points at) was loaded from. */
    public synchronized String show(String name) {
        return resolve(name).program.source();
    }

    /** The active policy, or null before the first {@link #use}. */
    public synchronized GroovyVclProgram active() {
        return active == null ? null : active.program;
    }

    /** The policy named {@code name} (or labelled so), or null. */
    public synchronized GroovyVclProgram get(String name) {
        Label l = labels.get(name);
        Loaded e = l != null ? l.target() : entries.get(name);
        return e == null ? null : e.program;
    }

    /** Lets {@code auto} policies unused for the cooldown go cold, and releases discarded ones no request holds. */
    public synchronized void sweep() {
        long now = clock.getAsLong();
        for (Loaded e : entries.values()) {
            if (e != active && e.state == VclState.AUTO && e.warm && e.uses.isEmpty() && !labelled(e)
                    && now - e.inactiveSince >= cooldownMillis) {
                cool(e);
            }
        }
        releaseIdle();
    }

    /** Discards every policy, the active one and those still held included (the node is stopping). */
    @Override
    public synchronized void close() {
        probes.shutdownNow();
        for (Label l : labels.values()) {
            l.point(null);
        }
        for (Loaded e : entries.values()) {
            release(e);
        }
        for (Loaded e : discarded) {
            release(e);
        }
        entries.clear();
        labels.clear();
        discarded.clear();
        active = null;
        activeLabel = null;
    }

    // ---- helpers ----

    private synchronized VclLabel labelNamed(String name) {
        return labels.get(name);
    }

    private void activate(Loaded e, Label through) {
        warm(e);
        if (active != null && active != e) {
            active.inactiveSince = clock.getAsLong();
        }
        active = e;
        activeLabel = through;
        engine.accept(e.program);
    }

    private Loaded resolve(String name) {
        Label l = labels.get(name);
        Loaded e = l != null ? l.target() : entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No VCL named " + name + " known");
        }
        return e;
    }

    private void requireWarm(Loaded e) {
        if (e.state == VclState.COLD) {
            throw new IllegalStateException("VCL '" + e.name + "' is cold - set to auto or warm first");
        }
    }

    private boolean labelled(Loaded e) {
        for (Label l : labels.values()) {
            if (l.target() == e) {
                return true;
            }
        }
        return false;
    }

    /** What must go before {@code x}: the labels pointing at a policy, or the policies returning vcl to a label. */
    private List<Object> dependents(Object x) {
        List<Object> out = new ArrayList<>();
        if (x instanceof Label label) {
            for (Loaded e : entries.values()) {
                if (e.uses.contains(label)) {
                    out.add(e);
                }
            }
        } else {
            for (Label l : labels.values()) {
                if (l.target() == x) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    private static String listed(List<Object> dependents) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dependents.size(); i++) {
            if (i == DEPENDENTS_SHOWN) {
                return sb.append("\n\t[...]").toString();
            }
            Object d = dependents.get(i);
            sb.append("\n\t").append(d instanceof Label l ? l.name() : ((Loaded) d).name);
        }
        return sb.toString();
    }

    /**
     * How {@code from} reaches {@code label} through the labels it returns vcl to and the policies
     * they point at, innermost step first as varnishd prints it; null when it does not.
     */
    private static String path(Loaded from, Label label) {
        for (Label l : from.uses) {
            String below = l == label ? "" : path(l, label);
            if (below != null) {
                return below + "Vcl " + from.name + " uses Label " + l.name() + "\n";
            }
        }
        return null;
    }

    private static String path(Label from, Label label) {
        Loaded target = from.target();
        String below = target == null ? null : path(target, label);
        return below == null ? null : below + "Label " + from.name() + " points to vcl " + target.name + "\n";
    }

    /** Discards {@code x} after everything that depends on it (all of it marked for discarding). */
    private void drop(Object x, Set<Object> done) {
        if (!done.add(x)) {
            return;
        }
        for (Object d : dependents(x)) {
            drop(d, done);
        }
        if (x instanceof Label l) {
            labels.remove(l.name());
            l.point(null);
            return;
        }
        Loaded e = (Loaded) x;
        entries.remove(e.name);
        e.discarded = true;
        cool(e);
        discarded.add(e);
        releaseIdle();
    }

    /** Releases the discarded policies no request or fetch holds any more (varnishd's {@code VCL_Poll}). */
    private synchronized void releaseIdle() {
        for (Iterator<Loaded> it = discarded.iterator(); it.hasNext();) {
            Loaded e = it.next();
            boolean idle;
            synchronized (refs) {
                idle = e.program.busy().get() == 0;
            }
            if (idle) {
                it.remove();
                release(e);
            }
        }
    }

    private void checkNewName(String name) {
        requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Illegal VCL name \"" + name + "\"");
        }
        if (entries.containsKey(name) || labels.containsKey(name)) {
            throw new IllegalStateException("Already a VCL named " + name);
        }
    }

    private void warm(Loaded e) {
        if (!e.warm) {
            e.program.declarations().startProbes(probes);
            e.warm = true;
        }
    }

    private void cool(Loaded e) {
        if (e.warm) {
            e.program.declarations().stop();
            e.warm = false;
        }
    }

    private void release(Loaded e) {
        cool(e);
        e.program.fini();
        e.program.close();
    }
}
