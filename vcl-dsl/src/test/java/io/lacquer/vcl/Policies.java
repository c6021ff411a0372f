package io.lacquer.vcl;

import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.vcl.runtime.GroovyVclProgram;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Compiles policies for tests with one shared compiler (the builtin is compiled once per JVM), on
 * a node that has one label, {@link #LABEL}.
 */
final class Policies {
    static final VclCompiler COMPILER = new VclCompiler(VclEnvironment.standalone());
    /** The one label there is; it points nowhere. */
    static final String LABEL = "other";
    private static final VclLabel OTHER = new VclLabel() {
        @Override
        public String name() {
            return LABEL;
        }

        @Override
        public VclProgram acquire() {
            return null;
        }
    };

    private Policies() {
    }

    static GroovyVclProgram compile(String source) throws VclCompileException {
        return COMPILER.compile("test", "policy.groovy", source, name -> name.equals(LABEL) ? OTHER : null);
    }

    /** The failure of compiling {@code source}, which must fail. */
    static VclCompileException failure(String source) {
        return assertThrows(VclCompileException.class, () -> compile(source).close(), source);
    }
}
