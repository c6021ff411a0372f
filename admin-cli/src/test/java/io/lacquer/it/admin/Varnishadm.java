package io.lacquer.it.admin;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** Debian's {@code varnishadm}, run against a management port. */
final class Varnishadm {
    /** What it printed, and its exit code. */
    record Result(int code, String out, String err) {
    }

    private Varnishadm() {
    }

    /** Whether {@code varnishadm} is on the PATH; tests using it skip when it is not. */
    static boolean installed() {
        for (String d : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(d, "varnishadm"))) {
                return true;
            }
        }
        return false;
    }

    /** Runs {@code varnishadm -T 127.0.0.1:port -S secret command…}. */
    static Result run(int port, Path secret, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("varnishadm", "-T", "127.0.0.1:" + port, "-S", secret.toString()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "varnishadm finished");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
