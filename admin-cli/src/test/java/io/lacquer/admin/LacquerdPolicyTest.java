package io.lacquer.admin;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code lacquerd -f}: a node started with a policy file, and refused with a broken one. */
class LacquerdPolicyTest {
    @TempDir
    Path dir;

    @Test
    void aBrokenPolicyStopsTheStartWithLineAndColumn() throws Exception {
        Path file = dir.resolve("broken.vcl.groovy");
        Files.writeString(file, "backend 'web', host: '127.0.0.1', port: 9\nvcl_recv {\n    return deliver\n}\n");
        Lacquerd d = new Lacquerd();
        new CommandLine(d).parseArgs("-F", "-f", file.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, d::config);
        assertTrue(e.getMessage().contains("return(deliver) is not allowed in vcl_recv"), e.getMessage());
        assertTrue(e.getMessage().contains("broken.vcl.groovy' Line 3 Pos 12"), e.getMessage());

        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = new CommandLine(new Lacquerd()).execute("-F", "-a", "127.0.0.1:0", "-f", file.toString());
        } finally {
            System.setErr(err);
        }
        assertEquals(2, exit);
        assertTrue(captured.toString(StandardCharsets.UTF_8).contains("Line 3 Pos 12"), captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void bAndFTogetherAreRefused() {
        Lacquerd d = new Lacquerd();
        new CommandLine(d).parseArgs("-b", "127.0.0.1:9", "-f", "x.groovy");
        assertThrows(IllegalArgumentException.class, d::config);
    }

    @Test
    void aNodeStartsWithThePolicy() throws Exception {
        try (ScriptedOrigin origin = ScriptedOrigin.start()) {
            origin.otherwise((req, resp) -> resp.status(200).header("Cache-Control", "max-age=60").send("hello"));
            Path file = dir.resolve("default.vcl.groovy");
            Files.writeString(file, """
                    backend 'web', host: '127.0.0.1', port: %d
                    vcl_deliver { resp.http['X-Cache'] = obj.hits > 0 ? 'HIT' : 'MISS' }
                    """.formatted(origin.port()));
            Lacquerd d = new Lacquerd();
            new CommandLine(d).parseArgs("-F", "-a", "127.0.0.1:0", "-T", "none", "-n", dir.resolve("work").toString(),
                    "-f", file.toString());
            NodeConfig config = d.config();
            try (Node node = Node.start(config)) {
                int port = node.server().address().getPort();
                RawHttp.Response first = RawHttp.get(port, "/page");
                assertEquals(200, first.status());
                assertEquals("MISS", first.header("X-Cache"));
                assertEquals("hello", first.text());
                // the object is stored on the fetch thread just after the last byte went out
                RawHttp.Response second = RawHttp.get(port, "/page");
                for (int i = 0; i < 100 && !"HIT".equals(second.header("X-Cache")); i++) {
                    Thread.sleep(10);
                    second = RawHttp.get(port, "/page");
                }
                assertEquals("HIT", second.header("X-Cache"));
                assertEquals("boot", node.policies().active().name());
            }
        }
    }
}
