package io.lacquer.vcl;

import io.lacquer.vcl.runtime.GroovyVclProgram;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** Compiles policies for tests with one shared compiler (the builtin is compiled once per JVM). */
final class Policies {
    static final VclCompiler COMPILER = new VclCompiler(VclEnvironment.standalone());

    private Policies() {
    }

    static GroovyVclProgram compile(String source) throws VclCompileException {
        return COMPILER.compile("test", "policy.groovy", source);
    }

    /** The failure of compiling {@code source}, which must fail. */
    static VclCompileException failure(String source) {
        return assertThrows(VclCompileException.class, () -> compile(source).close(), source);
    }
}
