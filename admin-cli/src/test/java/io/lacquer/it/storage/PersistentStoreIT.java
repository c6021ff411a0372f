package io.lacquer.it.storage;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code bin/lacquerd} with a tiered store: a node killed with {@code kill -9} in the middle
 * of a write load, or stopped cleanly, serves every object it had stored from its file after a
 * restart, with the origin gone.
 */
class PersistentStoreIT {
    private static final Path LAUNCHER = Path.of("..", "bin", "lacquerd").toAbsolutePath().normalize();
    private static final int OBJECTS = 150;

    /** The body the origin serves for {@code path}: 500 bytes to 90 KiB, so some bodies are in extents. */
    static byte[] body(String path) {
        Random r = new Random(path.hashCode());
        byte[] b = new byte[500 + r.nextInt(90 * 1024)];
        r.nextBytes(b);
        return b;
    }

    @Test
    void afterKill9AndAfterACleanStopEveryStoredObjectIsAHitWithTheRightBytes(@TempDir Path work) throws Exception {
        ScriptedOrigin origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "max-age=3600").send(body(req.path())));
        List<String> args = List.of("-F", "-a", "127.0.0.1:0", "-T", "none", "-b", origin.hostPort(), "-n", work.toString(),
                "-M", "127.0.0.1:0", "-s", "mem=heap,8m", "-s", "disk=offheap,64m," + work.resolve("store.cmap"));
        Node node = Node.start(args);
        List<String> loaded = new ArrayList<>();
        try {
            for (int i = 0; i < OBJECTS; i++) {
                assertArrayEquals(body("/obj/" + i), RawHttp.get(node.port, "/obj/" + i).body());
            }
            node.awaitMetric("lacquer_main_n_object", OBJECTS);
            // a write load of new objects, killed in the middle
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger sent = new AtomicInteger();
            int port = node.port;
            Thread load = new Thread(() -> {
                for (int i = 0; i < 100_000 && !stop.get(); i++) {
                    String path = "/load/" + i;
                    synchronized (loaded) {
                        loaded.add(path);
                    }
                    try {
                        RawHttp.get(port, path);
                        sent.incrementAndGet();
                    } catch (IOException e) {
                        return; // the node is gone
                    }
                }
            });
            load.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (sent.get() < 100 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            node.kill9();
            stop.set(true);
            load.join(10_000);
        } finally {
            node.kill9();
            origin.close();
        }

        node = Node.start(args);
        try {
            assertEveryObjectIsAHit(node);
            // what the load stored is intact; what it did not is a 503 from the dead origin, never torn bytes
            int intact = 0;
            for (String path : loaded) {
                RawHttp.Response r = RawHttp.get(node.port, path);
                if (r.status() == 200) {
                    assertArrayEquals(body(path), r.body(), path);
                    intact++;
                } else {
                    assertEquals(503, r.status(), path);
                }
            }
            assertTrue(intact > 0, "some of the load was stored before the kill");
            assertEquals(0, node.metric("lacquer_sma_c_corrupt_total{type=\"disk\"}"), "no entry failed its checksum");
            node.stop();

            node = Node.start(args);
            assertEveryObjectIsAHit(node);
        } finally {
            node.stop();
        }
    }

    private static void assertEveryObjectIsAHit(Node node) throws Exception {
        for (int i = 0; i < OBJECTS; i++) {
            RawHttp.Response r = RawHttp.get(node.port, "/obj/" + i);
            assertEquals(200, r.status(), "/obj/" + i);
            assertEquals(2, r.header("X-Varnish").split(" ").length, "a hit: " + r.header("X-Varnish"));
            assertArrayEquals(body("/obj/" + i), r.body(), "/obj/" + i);
        }
        assertTrue(node.metric("lacquer_main_cache_hit_total") >= OBJECTS);
        assertEquals(0, node.metric("lacquer_main_cache_miss_total"));
    }

    /** One run of {@code bin/lacquerd -F}. */
    private static final class Node {
        final Process process;
        final int port;
        final int metrics;

        private Node(Process process, int port, int metrics) {
            this.process = process;
            this.port = port;
            this.metrics = metrics;
        }

        static Node start(List<String> args) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(LAUNCHER.toString());
            command.addAll(args);
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            int port = find(out, "listening on http://127\\.0\\.0\\.1:(\\d+)/");
            int metrics = find(out, "metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics");
            // keep draining the output so the node never blocks on a full pipe
            Thread drain = new Thread(() -> {
                try {
                    while (out.readLine() != null) {
                        // discard
                    }
                } catch (IOException ignored) {
                    // the node is gone
                }
            });
            drain.setDaemon(true);
            drain.start();
            return new Node(p, port, metrics);
        }

        void kill9() throws InterruptedException {
            if (process.isAlive()) {
                process.destroyForcibly();
                assertTrue(process.waitFor(20, TimeUnit.SECONDS));
            }
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lacquerd stops on SIGTERM");
                int code = process.exitValue();
                assertTrue(code == 0 || code == 143, "exit status " + code);
            }
        }

        long metric(String series) throws IOException {
            for (String line : RawHttp.get(metrics, "/metrics").text().split("\n")) {
                if (line.startsWith(series + " ")) {
                    return (long) Double.parseDouble(line.substring(series.length() + 1).trim());
                }
            }
            throw new AssertionError("no series " + series);
        }

        void awaitMetric(String series, long expected) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (metric(series) != expected && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(expected, metric(series), series);
        }

        private static int find(BufferedReader out, String regex) throws IOException {
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
    }
}
