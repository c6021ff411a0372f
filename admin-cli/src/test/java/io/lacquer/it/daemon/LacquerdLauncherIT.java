package io.lacquer.it.daemon;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real {@code bin/lacquerd} launcher: flags, errors, foreground and background runs. */
class LacquerdLauncherIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "lacquerd").toAbsolutePath().normalize();

    @Test
    void wrongFlagOrValuePrintsOneLineAndExits2() throws Exception {
        for (List<String> args : List.of(List.of("-x"), List.of("-b", "127.0.0.1:1", "-p", "default_ttl=abc"),
                List.of("-b", "127.0.0.1:1", "-s", "bogus,1g"), List.of("-a"))) {
            Result r = run(args);
            assertEquals(2, r.code, args + " -> " + r.err);
            assertEquals(1, r.err.strip().lines().count(), "one line for " + args + ": " + r.err);
            assertTrue(r.err.startsWith("lacquerd: "), r.err);
        }
    }

    @Test
    void aSecretFileThatCannotBeReadStopsTheStart() throws Exception {
        Result r = run(List.of("-F", "-b", "127.0.0.1:1", "-S", "/nonexistent/secret"));
        assertEquals(2, r.code);
        assertEquals("lacquerd: -S /nonexistent/secret: cannot read the secret file\n", r.err);
    }

    @Test
    void helpListsTheFlags() throws Exception {
        Result r = run(List.of("--help"));
        assertEquals(0, r.code);
        for (String flag : List.of("-a", "-b", "-n", "-s", "-p", "-M", "-T", "-S", "-F")) {
            assertTrue(r.out.contains(flag + " "), flag + " missing from: " + r.out);
        }
    }

    @Test
    void foregroundNodeServesAndCountsHits(@TempDir Path work) throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/x", (req, resp) -> resp.header("Cache-Control", "max-age=60").send("via lacquerd"));
            Process p = new ProcessBuilder(LAUNCHER.toString(), "-F", "-a", "127.0.0.1:0", "-b", origin.hostPort(),
                    "-n", work.toString(), "-s", "heap,32m", "-M", "127.0.0.1:0", "--access-log", work.resolve("access.log").toString(),
                    "-T", "127.0.0.1:0")
                    .redirectErrorStream(true).start();
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                int port = port(out, "listening on http://127\\.0\\.0\\.1:(\\d+)/");
                int metrics = port(out, "metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
                int management = port(out, "management on 127\\.0\\.0\\.1:(\\d+)");
                Path secret = work.resolve("_.secret");
                assertTrue(Files.isReadable(secret), "without -S a secret is made in the work directory");
                assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)));
                if (onPath("varnishadm")) {
                    Process adm = new ProcessBuilder("varnishadm", "-T", "127.0.0.1:" + management, "-S", secret.toString(), "status").start();
                    assertTrue(adm.waitFor(20, TimeUnit.SECONDS));
                    assertEquals("Child in state running\n", new String(adm.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } else {
                    System.out.println("varnishadm not installed (apt-get install varnish): skipping its part of the test");
                }
                assertEquals("via lacquerd", RawHttp.get(port, "/x").text());
                RawHttp.Response hit = RawHttp.get(port, "/x");
                assertEquals(2, hit.header("X-Varnish").split(" ").length);
                assertEquals(1, origin.count("/x"));
                assertTrue(RawHttp.get(metrics, "/metrics").text().contains("lacquer_main_cache_hit_total 1.0"));
            } finally {
                p.destroy();
                assertTrue(p.waitFor(20, TimeUnit.SECONDS), "lacquerd stops on SIGTERM");
            }
            List<String> log = Files.readAllLines(work.resolve("access.log"));
            assertEquals(2, log.size(), String.valueOf(log));
            // NCSA combined: host ident user [time] "request" status bytes "referer" "user-agent"
            assertTrue(log.get(0).matches("127\\.0\\.0\\.1 - - \\[[^]]+] \"GET /x HTTP/1\\.1\" 200 12 \"-\" \"-\""), log.get(0));
        }
    }

    @Test
    void withoutFForegroundTheNodeRunsInTheBackground(@TempDir Path work) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.on("/bg", (req, resp) -> resp.header("Cache-Control", "max-age=60").send("background"));
            Result r = run(List.of("-a", "127.0.0.1:" + port, "-b", origin.hostPort(), "-n", work.toString(), "-s", "heap,32m",
                    "-T", "none"));
            assertEquals(0, r.code, r.err);
            long pid = Long.parseLong(Files.readString(work.resolve("lacquerd.pid")).trim());
            try {
                assertEquals("background", RawHttp.get(port, "/bg").text());
            } finally {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
                ProcessHandle.of(pid).ifPresent(h -> h.onExit().join());
            }
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static int port(BufferedReader out, String regex) throws IOException {
        Pattern pattern = Pattern.compile(regex);
        List<String> seen = new ArrayList<>();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            seen.add(line);
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("no line matching " + regex + " in " + seen);
    }

    private record Result(int code, String out, String err) { }

    private static Result run(List<String> args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(LAUNCHER.toString());
        command.addAll(args);
        Process p = new ProcessBuilder(command).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "launcher finished: " + args);
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
