package io.lacquer.admin;

import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;

import java.io.IOException;
import java.nio.file.Path;

/** Checks a policy file before a node starts ({@code lacquerd -f}), so a broken one stops the start with its line and column. */
final class PolicyCheck {
    private PolicyCheck() {
    }

    /** Compiles {@code file} and throws IllegalArgumentException with every problem when it does not load. */
    static void check(Path file) {
        try {
            new VclCompiler(VclEnvironment.standalone()).compile("check", file).close();
        } catch (VclCompileException e) {
            throw new IllegalArgumentException("-f " + file + ": the policy does not load:\n" + e.getMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("-f " + file + ": cannot read it: " + e.getMessage());
        }
    }
}
