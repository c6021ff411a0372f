package io.lacquer.front.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program with a time limit and captures its output.
 */
public final class Command {
    private Command() {
    }

    /**
     * The outcome of a run.
     *
     * @param exit the exit status, or -1 if it was killed at the time limit
     * @param out standard output
     * @param err standard error
     */
    public record Result(int exit, String out, String err) {
    }

    /** Runs {@code argv}, killing it after {@code seconds}. */
    public static Result run(long seconds, String... argv) {
        try {
            java.io.File err = java.io.File.createTempFile("cmd", ".err");
            java.io.File out = java.io.File.createTempFile("cmd", ".out");
            try {
                Process p = new ProcessBuilder(List.of(argv)).redirectError(err).redirectOutput(out).start();
                boolean done = p.waitFor(seconds, TimeUnit.SECONDS);
                if (!done) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
                return new Result(done ? p.exitValue() : -1,
                        java.nio.file.Files.readString(out.toPath(), StandardCharsets.UTF_8),
                        java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
            } finally {
                err.delete();
                out.delete();
            }
        } catch (IOException e) {
            return new Result(127, "", String.valueOf(e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "", "interrupted");
        }
    }

    /** Whether a program is on the PATH. */
    public static boolean available(String program) {
        return run(10, "sh", "-c", "command -v " + program).exit() == 0;
    }
}
