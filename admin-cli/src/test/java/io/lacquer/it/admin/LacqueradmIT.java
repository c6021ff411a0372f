package io.lacquer.it.admin;

import io.lacquer.admin.NodeAdmin;
import io.lacquer.admin.cli.AdminServer;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real {@code bin/lacqueradm}: one node, then a cluster of two. */
class LacqueradmIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "lacqueradm").toAbsolutePath().normalize();

    @TempDir
    Path dir;
    private ScriptedOrigin origin;
    private final List<TestNode> nodes = new ArrayList<>();
    private final List<AdminServer> admins = new ArrayList<>();
    private Path secret;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        secret = dir.resolve("secret");
        Files.writeString(secret, "cluster-secret\n");
        for (int i = 0; i < 2; i++) {
            TestNode node = TestNode.start(origin.hostPort());
            nodes.add(node);
            admins.add(AdminServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), secret,
                    new NodeAdmin(node.server(), List.<String[]>of(new String[] {"s0", "heap"}))));
        }
    }

    @AfterEach
    void stop() {
        admins.forEach(AdminServer::close);
        nodes.forEach(TestNode::close);
        origin.close();
    }

    private String target(int i) {
        return "127.0.0.1:" + admins.get(i).address().getPort();
    }

    @Test
    void oneShotAndInteractive() throws Exception {
        Result ping = run(null, "-T", target(0), "-S", secret.toString(), "ping");
        assertEquals(0, ping.code, ping.err);
        assertTrue(ping.out.startsWith("PONG "), ping.out);

        Result piped = run("status\nparam.show default_ttl\n", "-T", target(0), "-S", secret.toString());
        assertEquals(0, piped.code, piped.err);
        assertTrue(piped.out.contains("Child in state running") && piped.out.contains("Value is: 120.000 [seconds]"), piped.out);

        Result failed = run(null, "-T", target(0), "-S", secret.toString(), "panic.show");
        assertEquals(1, failed.code);
        assertTrue(failed.err.contains("Command failed with error code 300"), failed.err);
    }

    @Test
    void aWrongSecretIsRejected() throws Exception {
        Path wrong = dir.resolve("wrong");
        Files.writeString(wrong, "nope\n");
        Result r = run(null, "-T", target(0), "-S", wrong.toString(), "ping");
        assertEquals(1, r.code);
        assertTrue(r.err.contains("Rejected 500"), r.err);
    }

    @Test
    void aBanGoesToEveryNodeOfTheCluster() throws Exception {
        Result r = run(null, "-T", target(0) + "," + target(1), "-S", secret.toString(), "ban", "req.url", "~", "^/news");
        assertEquals(0, r.code, r.out + r.err);
        assertTrue(r.out.contains("== " + target(0) + ": 200") && r.out.contains("== " + target(1) + ": 200"), r.out);
        assertTrue(r.out.contains("2 of 2 nodes succeeded"), r.out);
        for (TestNode node : nodes) {
            assertEquals("req.url ~ ^/news", node.server().bans().bans().get(0).spec());
        }
    }

    @Test
    void aBanThatMissesANodeFails() throws Exception {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        Result r = run(null, "-T", target(0), "-T", "127.0.0.1:" + dead, "-S", secret.toString(), "ban", "obj.status", "==", "404");
        assertEquals(1, r.code, "a ban counts as failed if any node failed it");
        assertTrue(r.out.contains("== 127.0.0.1:" + dead + ": unreachable"), r.out);
        assertTrue(r.out.contains("1 of 2 nodes succeeded"), r.out);
        assertEquals(1, nodes.get(0).server().bans().bans().size(), "the reachable node has it");
    }

    private record Result(int code, String out, String err) { }

    private static Result run(String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(LAUNCHER.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "lacqueradm finished");
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
