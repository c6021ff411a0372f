package io.lacquer.vcl;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A policy that does not load: each problem with the file, line and column it was found at, as
 * Varnish's VCL compiler reports them.
 */
public final class VclCompileException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * One problem.
     *
     * @param file the policy's file name
     * @param line 1-based line, 0 when the problem has no position
     * @param column 1-based column, 0 when the problem has no position
     * @param message what is wrong
     */
    public record Problem(String file, int line, int column, String message) {
        @Override
        public String toString() {
            return line > 0 ? message + "\n('" + file + "' Line " + line + " Pos " + column + ")" : message + "\n('" + file + "')";
        }
    }

    private final transient List<Problem> problems;

    /** A failure made of {@code problems} (at least one). */
    public VclCompileException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("problems: empty (expected: at least one)");
        }
        this.problems = List.copyOf(problems);
    }

    /** The problems, in source order. */
    public List<Problem> problems() {
        return problems;
    }

    /** The first problem. */
    public Problem first() {
        return problems.get(0);
    }
}
