package io.lacquer.it.admin;

import io.lacquer.admin.NodeAdmin;
import io.lacquer.admin.cli.AdminServer;
import io.lacquer.core.config.Param;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The management port: exact bytes on the wire, and Debian's real varnishadm against it. */
class AdminCliIT {
    @TempDir
    Path dir;
    private ScriptedOrigin origin;
    private TestNode node;
    private AdminServer admin;
    private Path secret;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "max-age=60").send("fine"));
        node = TestNode.start(origin.hostPort());
        secret = dir.resolve("secret");
        Files.writeString(secret, "foo\n");
        admin = AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), secret,
                new NodeAdmin(node.server(), List.<String[]>of(new String[] {"s0", "heap"})));
    }

    @AfterEach
    void stop() {
        admin.close();
        node.close();
        origin.close();
    }

    // ---- the wire ----

    @Test
    void challengeAuthBannerAndPingOnTheWire() throws Exception {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            String challenge = readResponse(in);
            assertTrue(challenge.matches("107 59      \n[a-z]{32}\n\nAuthentication required.\n\n"), challenge);
            String c = challenge.substring(13, 45);
            out.write(("auth " + answer(c, "foo\n")).getBytes(StandardCharsets.US_ASCII));
            out.write('\n');
            String banner = readResponse(in);
            assertTrue(banner.startsWith("200 ") && banner.contains("Type 'help' for command list."), banner);
            out.write("ping\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(readResponse(in).matches("200 19      \nPONG \\d{10} 1\\.0\n"));
            out.write("\nstatus\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("200 22      \nChild in state running\n", readResponse(in), "an empty line gets no answer");
            out.write("Ping\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("101 76      \nUnknown request.\nType 'help' for more info.\nall commands are in lower-case.\n\n", readResponse(in));
            out.write("ping a b c\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("105 20      \nToo many parameters\n\n", readResponse(in));
            out.write("param.show nosuch\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("106 27      \nUnknown parameter \"nosuch\".\n", readResponse(in));
            out.write("panic.show\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("300 48      \nChild has not panicked or panic has been cleared\n", readResponse(in));
            out.write("quit\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("500 22      \nClosing CLI connection\n", readResponse(in));
            assertEquals(-1, in.read(), "closed after quit");
        }
    }

    @Test
    void beforeAuthOnlyFourCommandsAndAnyFailureCloses() throws Exception {
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            readResponse(in);
            s.getOutputStream().write("status\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("101 44      \nUnknown request.\nType 'help' for more info.\n\n", readResponse(in));
            assertEquals(-1, in.read());
        }
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            readResponse(in);
            long before = admin.authFailures();
            s.getOutputStream().write("auth deadbeef\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("500 0       \n\n", readResponse(in));
            assertEquals(-1, in.read());
            assertEquals(before + 1, admin.authFailures(), "failures are counted");
        }
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            readResponse(in);
            s.getOutputStream().write(("help " + "x".repeat(100) + "\n").getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, in.read(), "lines before auth are capped");
        }
    }

    // ---- Debian's varnishadm ----

    @Test
    void varnishadmRunsEveryCommand() throws Exception {
        assumeTrue(onPath("varnishadm"), "varnishadm not installed (apt-get install varnish): skipping");
        Result ping = varnishadm("ping");
        assertEquals(0, ping.code, ping.err);
        assertTrue(ping.out.startsWith("PONG "), ping.out);
        assertEquals("Child in state running\n", varnishadm("status").out);
        assertTrue(varnishadm("banner").out.contains("Type 'quit' to close CLI session."));
        assertTrue(varnishadm("pid").out.matches("Master: +\\d+\nWorker: +\\d+\n\n"), varnishadm("pid").out);
        assertTrue(varnishadm("help").out.contains("backend.set_health <backend_pattern> [auto|healthy|sick]"));
        assertTrue(varnishadm("help", "ping").out.contains("Keep connection alive."));

        assertTrue(varnishadm("param.show", "default_ttl").out.contains("Value is: 120.000 [seconds] (default)"));
        assertEquals(0, varnishadm("param.set", "default_ttl", "60").code);
        assertEquals(60, node.server().params().get(Param.DEFAULT_TTL));
        assertTrue(varnishadm("param.show", "changed").out.startsWith("default_ttl                   60.000 [seconds]\n"));
        Result bad = varnishadm("param.set", "default_ttl", "abc");
        assertEquals(1, bad.code);
        assertTrue(bad.out.contains("Invalid number (abc)"), bad.out);
        assertTrue(bad.err.contains("Command failed with error code 106"), bad.err);
        assertEquals(0, varnishadm("param.reset", "default_ttl").code);
        assertEquals(120, node.server().params().get(Param.DEFAULT_TTL));

        assertEquals("Storage devices:\n\tstorage.s0 = heap\n\n", varnishadm("storage.list").out);
        String backends = varnishadm("backend.list").out;
        assertTrue(backends.startsWith("Backend name   Admin      Probe    Health     Last change\n"), backends);
        assertTrue(backends.contains("boot.default   healthy    0/0      healthy"), backends);

        assertEquals(0, varnishadm("backend.set_health", "boot.default", "sick").code);
        assertEquals(503, RawHttp.get(node.port(), "/sick").status(), "a sick backend is not used");
        assertTrue(varnishadm("backend.list").out.contains("sick"));
        assertEquals(0, varnishadm("backend.set_health", "*", "auto").code);
        assertEquals(200, RawHttp.get(node.port(), "/sick").status());

        Result panic = varnishadm("panic.show");
        assertEquals(1, panic.code);
        assertTrue(panic.err.contains("Command failed with error code 300"), panic.err);
        assertEquals(1, varnishadm("bogus").code);
    }

    @Test
    void varnishadmBans() throws Exception {
        assumeTrue(onPath("varnishadm"), "varnishadm not installed (apt-get install varnish): skipping");
        RawHttp.get(node.port(), "/news/1");
        assertEquals(0, varnishadm("ban", "req.url", "~", "^/news").code);
        assertEquals(0, varnishadm("ban", "obj.ttl", ">", "7d").code);
        String list = varnishadm("ban.list").out;
        assertTrue(list.matches("(?s)Present bans:\n\\d+\\.\\d{6}     0 -  obj\\.ttl > 1w\n\\d+\\.\\d{6}     0 -  req\\.url ~ \\^/news\n\n"), list);
        RawHttp.get(node.port(), "/news/1");
        assertEquals(2, origin.count("/news/1"), "banned, fetched again");

        Result unknown = varnishadm("ban", "foo.bar", "==", "x");
        assertEquals(1, unknown.code);
        assertEquals("Unknown or unsupported field \"foo.bar\"\n\n", unknown.out);
        assertTrue(unknown.err.contains("Command failed with error code 106"), unknown.err);
        assertTrue(varnishadm("ban", "req.url").err.contains("error code 104"), "too few parameters");
        assertTrue(varnishadm("ban", "obj.status", ">", "200").out.contains("expected conditional (==, !=, ~ or !~) got \">\""));
    }

    @Test
    void varnishadmPurgesByTag() throws Exception {
        assumeTrue(onPath("varnishadm"), "varnishadm not installed (apt-get install varnish): skipping");
        origin.on("/tagged", (req, resp) -> resp.header("Cache-Control", "max-age=60").header("xkey", "t1 t2").send("tagged"));
        RawHttp.get(node.port(), "/tagged");
        node.awaitCounter(io.lacquer.core.stats.Counter.N_OBJECT, 1);
        assertEquals("1 objects purged\n\n", varnishadm("xkey.purge", "t2", "t1").out);
        RawHttp.get(node.port(), "/tagged");
        assertEquals(2, origin.count("/tagged"));
    }

    @Test
    void varnishadmStopsAndStartsTheCacheProcess() throws Exception {
        assumeTrue(onPath("varnishadm"), "varnishadm not installed (apt-get install varnish): skipping");
        assertEquals(0, varnishadm("stop").code);
        assertEquals("Child in state stopped\n", varnishadm("status").out);
        assertEquals(1, varnishadm("stop").code, "stopping a stopped child is a 300");
        assertEquals(0, varnishadm("start").code);
        assertEquals(200, RawHttp.get(node.port(), "/again").status());
    }

    @Test
    void varnishadmWithCommandsOnStandardInput() throws Exception {
        assumeTrue(onPath("varnishadm"), "varnishadm not installed (apt-get install varnish): skipping");
        Process p = new ProcessBuilder("varnishadm", "-T", "127.0.0.1:" + admin.address().getPort(), "-S", secret.toString())
                .start();
        p.getOutputStream().write("ping\nstatus\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("PONG"), out);
    }

    @Test
    void varnishadmWithAWrongSecretIsRejected() throws Exception {
        assumeTrue(onPath("varnishadm"), "varnishadm not installed (apt-get install varnish): skipping");
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "bar\n");
        Process p = new ProcessBuilder("varnishadm", "-T", "127.0.0.1:" + admin.address().getPort(), "-S", wrong.toString(), "ping")
                .start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertTrue(p.exitValue() != 0);
        assertTrue(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                .concat(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("Rejected 500"));
    }

    // ---- helpers ----

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), admin.address().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    /** One framed response, header, body and trailing newline, as a string. */
    private static String readResponse(InputStream in) throws IOException {
        byte[] head = in.readNBytes(13);
        int length = Integer.parseInt(new String(head, 4, 8, StandardCharsets.US_ASCII).trim());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(head);
        out.write(in.readNBytes(length + 1));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String answer(String challenge, String secret) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((challenge + "\n").getBytes(StandardCharsets.US_ASCII));
        sha.update(secret.getBytes(StandardCharsets.US_ASCII));
        sha.update((challenge + "\n").getBytes(StandardCharsets.US_ASCII));
        return HexFormat.of().formatHex(sha.digest());
    }

    private record Result(int code, String out, String err) { }

    private Result varnishadm(String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("varnishadm", "-T", "127.0.0.1:" + admin.address().getPort(), "-S", secret.toString()));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "varnishadm finished");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
