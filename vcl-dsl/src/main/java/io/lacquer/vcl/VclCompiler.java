package io.lacquer.vcl;

import groovy.lang.GroovyClassLoader;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.VclLabel;
import io.lacquer.vcl.compile.Compilation;
import io.lacquer.vcl.compile.Linker;
import io.lacquer.vcl.runtime.Declarations;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import io.lacquer.vcl.runtime.PolicyParts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Compiles policy scripts into {@link GroovyVclProgram}s: Groovy source in, a running program
 * (its backends declared, vcl_init run) or a {@link VclCompileException} with file, line and
 * column out. Each policy gets its own class loader, released when the program is closed, so
 * loading new versions does not fill metaspace. Thread-safe.
 *
 * <pre>{@code
 * VclCompiler compiler = new VclCompiler(VclEnvironment.standalone());
 * GroovyVclProgram boot = compiler.compile("boot", Path.of("default.vcl.groovy"));
 * cacheServer.use(boot);
 * }</pre>
 */
public final class VclCompiler {
    private final VclEnvironment env;

    /** A compiler for policies that will run with {@code env}. */
    public VclCompiler(VclEnvironment env) {
        this.env = requireNonNull(env, "env");
    }

    /** The environment policies are made for. */
    public VclEnvironment environment() {
        return env;
    }

    /** Compiles the policy in {@code file} under {@code name}. */
    public GroovyVclProgram compile(String name, Path file) throws VclCompileException, IOException {
        return compile(name, file.toString(), Files.readString(file, StandardCharsets.UTF_8));
    }

    /**
     * Compiles {@code source} (from {@code fileName}, for messages) under {@code name}, for a node
     * without labels: a {@code return vcl(label)} does not load.
     */
    public GroovyVclProgram compile(String name, String fileName, String source) throws VclCompileException {
        return compile(name, fileName, source, label -> null);
    }

    /**
     * Compiles {@code source} (from {@code fileName}, for messages) under {@code name}; {@code labels}
     * gives the node's label of a name, or null when there is none, and every label the policy
     * returns to must exist (varnishd's {@code Symbol not found}).
     */
    public GroovyVclProgram compile(String name, String fileName, String source, Function<String, VclLabel> labels)
            throws VclCompileException {
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        requireNonNull(labels, "labels");
        Compilation.Result builtin = Compilation.builtin();
        Compilation.Result user = Compilation.compile(fileName, source, getClass().getClassLoader(),
                label -> labels.apply(label) != null);
        GroovyClassLoader loader = user.loader();
        Runnable release = () -> {
            loader.clearCache();
            try {
                loader.close();
            } catch (IOException e) {
                // nothing was opened for reading; the loader only held compiled classes
            }
        };
        PolicyParts parts;
        Declarations declared;
        Map<String, VclLabel> used = new LinkedHashMap<>();
        try {
            for (String label : user.labels()) {
                VclLabel l = labels.apply(label);
                if (l == null) {
                    // discarded while the policy compiled
                    throw new VclCompileException(List.of(new VclCompileException.Problem(fileName, 0, 0,
                            "Symbol not found: '" + label + "'")));
                }
                used.put(label, l);
            }
            parts = user.parts();
            declared = new Linker(fileName, env).link(parts);
        } catch (VclCompileException | RuntimeException e) {
            release.run();
            throw e;
        }
        GroovyVclProgram program = new GroovyVclProgram(name, source, declared, builtin.parts(), parts, used,
                env.budgetMillis(), env.identity(), release);
        if (program.init() != Action.OK) {
            program.close();
            int[] at = parts.position(io.lacquer.core.vcl.Sub.INIT);
            throw new VclCompileException(List.of(new VclCompileException.Problem(fileName, at[0], at[1],
                    "vcl_init did not return ok (it failed, returned fail, or ran past its time budget)")));
        }
        return program;
    }
}
