package io.lacquer.vcl;

import groovy.lang.GroovyClassLoader;
import io.lacquer.core.vcl.Action;
import io.lacquer.vcl.compile.Compilation;
import io.lacquer.vcl.compile.Linker;
import io.lacquer.vcl.runtime.Declarations;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import io.lacquer.vcl.runtime.PolicyParts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    /** Compiles {@code source} (from {@code fileName}, for messages) under {@code name}. */
    public GroovyVclProgram compile(String name, String fileName, String source) throws VclCompileException {
        requireNonNull(name, "name");
        requireNonNull(source, "source");
        Compilation.Result builtin = Compilation.builtin();
        Compilation.Result user = Compilation.compile(fileName, source, getClass().getClassLoader());
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
        try {
            parts = user.parts();
            declared = new Linker(fileName, env).link(parts);
        } catch (VclCompileException | RuntimeException e) {
            release.run();
            throw e;
        }
        GroovyVclProgram program = new GroovyVclProgram(name, source, declared, builtin.parts(), parts,
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
