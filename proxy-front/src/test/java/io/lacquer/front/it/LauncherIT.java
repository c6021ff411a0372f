package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Command;
import io.lacquer.front.testkit.TestOrigin;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bin/lacquer-front}: {@code -c -f} checks a file as {@code haproxy -c} does; {@code -f} runs it. */
class LauncherIT {
    private static final Path BASE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private static final String LAUNCHER = BASE.resolve("../bin/lacquer-front").normalize().toString();

    @TempDir
    Path dir;

    @Test
    void checkModeAcceptsAValidFile() throws Exception {
        Path cfg = dir.resolve("ok.cfg");
        Files.writeString(cfg, "frontend f\n  bind 127.0.0.1:1\n  default_backend b\nbackend b\n  server s 127.0.0.1:2\n");
        Command.Result r = Command.run(60, LAUNCHER, "-c", "-f", cfg.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("Configuration file is valid", r.out().trim());
    }

    @Test
    void theClusterExampleIsValidForUsAndForHaproxy() {
        String example = BASE.resolve("examples/cluster-front.cfg").toString();
        Command.Result ours = Command.run(60, LAUNCHER, "-c", "-f", example);
        assertEquals(0, ours.exit(), ours.err());
        if (!Command.available("haproxy")) {
            System.out.println("LauncherIT: haproxy not installed, the example is not checked against it (apt-get install haproxy)");
            return;
        }
        Command.Result theirs = Command.run(60, "haproxy", "-c", "-f", example);
        assertEquals(0, theirs.exit(), theirs.out() + theirs.err());
    }

    @Test
    void checkModeReportsFileLineAndKeyword() throws Exception {
        Path cfg = dir.resolve("bad.cfg");
        Files.writeString(cfg, "frontend f\n  bind 127.0.0.1:1\n  tcp-request content accept\n");
        Command.Result r = Command.run(60, LAUNCHER, "-c", "-f", cfg.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("parsing [" + cfg + ":3] : unknown keyword 'tcp-request' in 'frontend' section"),
                r.err());
        assertTrue(r.err().contains("Fatal errors found in configuration."));
    }

    @Test
    void runModeServesUntilStopped() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (TestOrigin origin = new TestOrigin("o1")) {
            Path cfg = dir.resolve("run.cfg");
            Files.writeString(cfg, """
                    defaults
                        mode http
                        timeout connect 1s
                    frontend f
                        bind 127.0.0.1:%d
                        monitor-uri /health
                        default_backend b
                    backend b
                        server o1 127.0.0.1:%d check
                    """.formatted(port, origin.port()));
            ProcessBuilder pb = new ProcessBuilder(LAUNCHER, "-f", cfg.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
            pb.environment().put("LACQUER_JAVA_OPTS", "-Xmx128m");
            Process p = pb.start();
            try {
                Client c = new Client();
                HttpResponse<String> r = null;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (System.nanoTime() < deadline) {
                    try {
                        r = c.get("http://127.0.0.1:" + port + "/health");
                        break;
                    } catch (RuntimeException e) {
                        Thread.sleep(100);
                    }
                }
                assertTrue(r != null, "front did not start: " + Files.readString(dir.resolve("out.log")));
                assertEquals(200, r.statusCode());
                assertEquals("o1", c.get("http://127.0.0.1:" + port + "/x").body());
            } finally {
                p.destroy();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "stops on SIGTERM");
            }
        }
    }
}
