package io.lacquer.vcl.registry;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The policies loaded into a node, by name (Varnish's {@code vcl.load}, {@code vcl.use},
 * {@code vcl.discard}, {@code vcl.label}, {@code vcl.list}, {@code vcl.show}, {@code vcl.state}).
 * One is active: {@link #use} hands it to the engine, which swaps it atomically; requests in
 * flight keep the policy they started with. A warm policy runs its probes; a cold one does not.
 * Discarding a policy runs its vcl_fini, closes its backends and releases its classes.
 * All methods are synchronized: the admin plane calls them from its sessions.
 */
public final class VclRegistry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.vcl");
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

    private final VclCompiler compiler;
    private final LongSupplier clock;
    private final long cooldownMillis;
    private final ScheduledExecutorService probes;
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Consumer<VclProgram> engine = p -> { };
    private Entry active;

    /** One loaded policy and what the operator asked of it. */
    private static final class Entry {
        final String name;
        final GroovyVclProgram program;
        VclState state = VclState.AUTO;
        boolean warm;
        long inactiveSince;

        Entry(String name, GroovyVclProgram program) {
            this.name = name;
            this.program = program;
        }
    }

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

    /** {@code vcl.inline name source}: compiles {@code source} (from {@code fileName}) under {@code name}. */
    public GroovyVclProgram load(String name, String fileName, String source) throws VclCompileException {
        synchronized (this) {
            checkNewName(name);
        }
        GroovyVclProgram program = compiler.compile(name, fileName, source);
        synchronized (this) {
            if (entries.containsKey(name) || labels.containsKey(name)) {
                program.close();
                throw new IllegalStateException("Already a VCL named " + name);
            }
            Entry e = new Entry(name, program);
            e.inactiveSince = clock.getAsLong();
            entries.put(name, e);
            warm(e);
            return program;
        }
    }

    /** {@code vcl.use name}: makes the policy (or the one a label points at) active for new requests. */
    public synchronized void use(String name) {
        sweep();
        Entry e = resolve(name);
        if (e.state == VclState.COLD) {
            throw new IllegalStateException("VCL '" + e.name + "' is cold; set it warm or auto first");
        }
        warm(e);
        if (active != null && active != e) {
            active.inactiveSince = clock.getAsLong();
        }
        active = e;
        engine.accept(e.program);
        LOG.info("policy {} is active", e.name);
    }

    /**
     * Records that none of this registry's policies is active any more, because the node switched
     * to a policy kept outside it (the builtin {@code boot} policy of a node started with {@code -b}).
     */
    public synchronized void deactivate() {
        if (active != null) {
            active.inactiveSince = clock.getAsLong();
            active = null;
        }
    }

    /** {@code vcl.discard name}: forgets a policy that is neither active nor labelled, releasing it. */
    public synchronized void discard(String name) {
        if (labels.containsKey(name)) {
            labels.remove(name);
            return;
        }
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No VCL named " + name + " known");
        }
        if (e == active) {
            throw new IllegalStateException("Cannot discard active VCL");
        }
        if (labels.containsValue(name)) {
            throw new IllegalStateException("Cannot discard labeled VCL " + name);
        }
        entries.remove(name);
        release(e);
    }

    /** {@code vcl.label label name}: a second name for a policy. */
    public synchronized void label(String label, String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new IllegalArgumentException("No VCL named " + name + " known");
        }
        if (entries.containsKey(label)) {
            throw new IllegalStateException(label + " is a VCL, not a label");
        }
        if (!NAME.matcher(label).matches()) {
            throw new IllegalArgumentException("Illegal label name \"" + label + "\"");
        }
        labels.put(label, name);
    }

    /** {@code vcl.state name auto|cold|warm}. */
    public synchronized void state(String name, VclState state) {
        Entry e = resolve(name);
        if (state == VclState.COLD && e == active) {
            throw new IllegalStateException("Cannot set the active VCL cold");
        }
        e.state = state;
        if (state == VclState.COLD) {
            cool(e);
        } else if (state == VclState.WARM) {
            warm(e);
        }
        sweep();
    }

    /** {@code vcl.list}: the policies, then the labels. */
    public synchronized List<VclListing> list() {
        sweep();
        List<VclListing> out = new ArrayList<>();
        entries.values().forEach(e -> out.add(new VclListing(e == active, e.state, e.warm, 0, e.name, null)));
        labels.forEach((label, target) -> {
            Entry e = entries.get(target);
            out.add(new VclListing(e == active, VclState.AUTO, e.warm, 0, label, target));
        });
        return out;
    }

    /** {@code vcl.show name}: the source the policy was loaded from. */
    public synchronized String show(String name) {
        return resolve(name).program.source();
    }

    /** The active policy, or null before the first {@link #use}. */
    public synchronized GroovyVclProgram active() {
        return active == null ? null : active.program;
    }

    /** The policy named {@code name} (or labelled so), or null. */
    public synchronized GroovyVclProgram get(String name) {
        String target = labels.getOrDefault(name, name);
        Entry e = entries.get(target);
        return e == null ? null : e.program;
    }

    /** Lets {@code auto} policies unused for the cooldown go cold. */
    public synchronized void sweep() {
        long now = clock.getAsLong();
        for (Entry e : entries.values()) {
            if (e != active && e.state == VclState.AUTO && e.warm && now - e.inactiveSince >= cooldownMillis) {
                cool(e);
            }
        }
    }

    /** Discards every policy, the active one included (the node is stopping). */
    @Override
    public synchronized void close() {
        for (Entry e : entries.values()) {
            release(e);
        }
        entries.clear();
        labels.clear();
        active = null;
        probes.shutdownNow();
    }

    private Entry resolve(String name) {
        Entry e = entries.get(labels.getOrDefault(name, name));
        if (e == null) {
            throw new IllegalArgumentException("No VCL named " + name + " known");
        }
        return e;
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

    private void warm(Entry e) {
        if (!e.warm) {
            e.program.declarations().startProbes(probes);
            e.warm = true;
        }
    }

    private void cool(Entry e) {
        if (e.warm) {
            e.program.declarations().stop();
            e.warm = false;
        }
    }

    private void release(Entry e) {
        cool(e);
        e.program.fini();
        e.program.close();
    }
}
