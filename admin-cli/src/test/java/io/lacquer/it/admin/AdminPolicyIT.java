package io.lacquer.it.admin;

import io.lacquer.admin.Node;
import io.lacquer.admin.NodeConfig;
import io.lacquer.storage.StorageSpec;
import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Policies loaded, switched and discarded through the management port of a node started with -f. */
class AdminPolicyIT {
    @TempDir
    Path dir;
    private BootedNode booted;

    @BeforeEach
    void start() throws Exception {
        booted = BootedNode.start(dir);
    }

    @AfterEach
    void stop() {
        booted.close();
    }

    /** {@link BootedNode#policy} in a file of its own. */
    private Path policyFile(String name) throws IOException {
        Path file = dir.resolve(name + ".vcl.groovy");
        Files.writeString(file, booted.policy(name));
        return file;
    }

    @Test
    void varnishadmManagesPolicies() throws Exception {
        assumeTrue(Varnishadm.installed(), "varnishadm not installed (apt-get install varnish): skipping");
        assertTrue(adm("vcl.list").out().matches("active +auto +warm +0 +boot\n\n"), adm("vcl.list").out());
        assertEquals("boot", booted.policyServing("/"));

        assertEquals(0, adm("vcl.load", "v2", policyFile("v2").toString()).code());
        Varnishadm.Result again = adm("vcl.load", "v2", policyFile("v2").toString());
        assertEquals(1, again.code());
        assertEquals("Already a VCL named v2\n", again.out(), "varnishd's 22 bytes, no newline of its own");
        Path broken = dir.resolve("broken.vcl.groovy");
        Files.writeString(broken, "vcl_recv {\n    return lookup\n}\n");
        Varnishadm.Result bad = adm("vcl.load", "v3", broken.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.out().contains("broken.vcl.groovy' Line 2 Pos 12)") && bad.out().contains("VCL compilation failed"), bad.out());
        assertTrue(adm("vcl.load", "v4", dir.resolve("missing.groovy").toString()).out().startsWith("Cannot read file"));

        assertEquals("VCL 'v2' now active\n", adm("vcl.use", "v2").out());
        assertEquals("v2", booted.policyServing("/"));
        assertEquals("\n", adm("vcl.use", "v2").out(), "already active: an empty answer");
        assertEquals("No VCL named nosuch known\n\n", adm("vcl.use", "nosuch").out());

        assertEquals(0, adm("vcl.label", "lbl", "boot").code());
        String list = adm("vcl.list").out();
        assertTrue(list.contains("available   auto     warm         0    boot    <-    (1 label)"), list);
        assertTrue(list.contains("active      auto     warm         0    v2"), list);
        assertTrue(list.contains("available   label    warm         0    lbl     ->    boot"), list);

        Varnishadm.Result discardActive = adm("vcl.discard", "v2");
        assertEquals(1, discardActive.code());
        assertTrue(discardActive.err().contains("error code 300"), discardActive.err());
        assertEquals("Cannot discard labeled VCL program boot:\n\tlbl\n\n", adm("vcl.discard", "boot").out());
        assertEquals("No VCL name matches nosuch\n\n", adm("vcl.discard", "nosuch").out());
        assertEquals("Cannot set the active VCL cold.\n", adm("vcl.state", "v2", "cold").out());
        assertEquals("State must be one of auto, cold or warm.\n", adm("vcl.state", "v2", "foo").out());
        assertEquals(booted.policy("v2") + "\n", adm("vcl.show", "v2").out());
        assertEquals(0, adm("vcl.discard", "lbl", "boot").code(), "a label and its policy together");
        assertTrue(!adm("vcl.list").out().contains("boot"));
    }

    @Test
    void backendListShowsTheActivePolicysBackendsAndProbes() throws Exception {
        try (RawCli cli = cli()) {
            String probed = "probe 'p', url: '/health', interval: 1.s, window: 5, threshold: 3\n"
                    + "backend 'web', host: '127.0.0.1', port: " + booted.origin.port() + ", probe: 'p'\n";
            assertEquals("200 0       \n\n", cli.send("vcl.inline pv << EOF\n" + probed + "EOF"));
            assertTrue(cli.send("vcl.use pv").startsWith("200 "));
            // initial = threshold - 1, as in Varnish: sick until the first probe succeeds
            String list = cli.send("backend.list");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!list.contains("healthy") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                list = cli.send("backend.list");
            }
            assertTrue(list.matches("(?s)200 .*Backend name +Admin +Probe +Health +Last change\n"
                    + "pv\\.web +probe +\\d/5 +healthy +\\w{3}, .*"), list);
            assertTrue(cli.send("backend.list -p").contains("Current states  good:"));
            String json = cli.send("backend.list -j");
            assertTrue(json.contains("[ 2, [\"backend.list\", \"-j\"], ") && json.contains("\"pv.web\": {\"type\": \"backend\",\"admin_health\": \"probe\""), json);
            String vcls = cli.send("vcl.list -j");
            assertTrue(vcls.contains("\"status\": \"active\"") && vcls.contains("\"name\": \"pv\""), vcls);
            assertTrue(cli.send("storage.list -j").contains("[\"storage.s0\"]"));
            assertTrue(cli.send("help -j").contains("\"request\": \"vcl.load\""));
        }
    }

    @Test
    void aLargePolicyLoadsThroughVarnishadm() throws Exception {
        assumeTrue(Varnishadm.installed(), "varnishadm not installed (apt-get install varnish): skipping");
        StringBuilder big = new StringBuilder("backend 'web', host: '127.0.0.1', port: " + booted.origin.port() + "\n");
        for (int d = 0; d < 20; d++) {
            big.append("backend 'b").append(d).append("', host: '127.0.0.1', port: ").append(booted.origin.port()).append('\n');
        }
        big.append("vcl_recv {\n");
        for (int i = 0; i < 400; i++) {
            big.append("    if (req.url.startsWith('/section-").append(i).append("/')) { req.http['X-Section'] = '").append(i)
                    .append("'; req.backend = 'b").append(i % 20).append("' }\n");
        }
        big.append("}\nvcl_deliver { resp.http['X-Policy'] = 'big' }\n");
        Path file = dir.resolve("big.vcl.groovy");
        Files.writeString(file, big.toString());
        // varnishadm gives up after 5 s by default; on a quiet machine the load takes well under
        // that (see the README), but a test is no place for a timing: give it room
        long started = System.nanoTime();
        Varnishadm.Result load = adm("-t", "60", "vcl.load", "big", file.toString());
        System.out.printf("a 400-rule policy loaded in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        assertEquals(0, load.code(), load.out() + load.err());
        assertEquals(0, adm("vcl.use", "big").code());
        assertEquals("big", booted.policyServing("/section-7/x"));
    }

    @Test
    void paramShowInJson() throws Exception {
        try (RawCli cli = cli()) {
            String json = cli.send("param.show -j default_ttl");
            assertTrue(json.contains("[ 2, [\"param.show\", \"-j\", \"default_ttl\"], ")
                    && json.contains("\"name\": \"default_ttl\"") && json.contains("\"value\": \"120.000\""), json);
            assertTrue(cli.send("param.show -j nosuch").startsWith("106 "));
        }
    }

    @Test
    void aNodeOverBackendLoadsPoliciesAndSwitchesBackToItsBuiltin() throws Exception {
        try (Node plain = Node.start(new NodeConfig(InetSocketAddress.createUnresolved("127.0.0.1", 0),
                io.lacquer.core.backend.BackendSpec.of("default", "127.0.0.1", booted.origin.port()), dir.resolve("plain"),
                StorageSpec.DEFAULT, Map.of(), null, null, null, InetSocketAddress.createUnresolved("127.0.0.1", 0), booted.secret));
             RawCli cli = new RawCli(plain.admin().address().getPort(), booted.secret)) {
            int port = plain.server().address().getPort();
            assertTrue(cli.send("vcl.list").matches("200 \\d+ +\nactive +auto +warm +0 +boot\n\n"), cli.send("vcl.list"));
            assertEquals(null, RawHttp.get(port, "/").header("X-Policy"));

            assertEquals("200 0       \n\n", cli.send("vcl.inline v2 << EOF\n" + booted.policy("v2") + "EOF"));
            assertTrue(cli.send("vcl.inline boot << EOF\n" + booted.policy("x") + "EOF").startsWith("106 "), "boot is taken");
            assertEquals("200 19      \nVCL 'v2' now active\n", cli.send("vcl.use v2"));
            assertEquals("v2", RawHttp.get(port, "/").header("X-Policy"));
            String list = cli.send("vcl.list");
            // the busy column is live: the fetch of the request above may not have ended yet
            assertTrue(list.matches("(?s).*\navailable +auto +warm +0 +boot\nactive +auto +warm +\\d +v2\n.*"), list);

            assertEquals("200 21      \nVCL 'boot' now active\n", cli.send("vcl.use boot"));
            assertEquals(null, RawHttp.get(port, "/").header("X-Policy"), "the builtin again");
            assertTrue(cli.send("vcl.discard boot").startsWith("300 "));
            assertEquals("200 0       \n\n", cli.send("vcl.discard v2"));
        }
    }

    @Test
    void vclInlineWithAHereDocument() throws Exception {
        try (RawCli cli = cli()) {
            assertEquals("200 0       \n\n", cli.send("vcl.inline v9 << EOF\n" + booted.policy("v9") + "EOF"));
            assertEquals("200 19      \nVCL 'v9' now active\n", cli.send("vcl.use v9"));
        }
        assertEquals("v9", booted.policyServing("/"));
    }

    @Test
    void fiftySwapsUnderLoadFailNoRequest() throws Exception {
        int port = booted.httpPort();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger ok = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        long[] slowest = {0};
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int t = 0; t < 4; t++) {
            loops.add(clients.submit(() -> {
                for (int i = 0; i < 100_000 && running.get() && System.nanoTime() < deadline; i++) {
                    long start = System.nanoTime();
                    try {
                        RawHttp.Response r = RawHttp.get(port, "/load/" + (i % 10));
                        if (r.status() != 200) {
                            failures.add(r.status() + " " + r.reason());
                        } else {
                            ok.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.add(e.toString());
                    }
                    synchronized (slowest) {
                        slowest[0] = Math.max(slowest[0], System.nanoTime() - start);
                    }
                }
                return null;
            }));
        }
        try (RawCli cli = cli()) {
            for (int v = 1; v <= 50; v++) {
                String name = "swap" + v;
                assertEquals("200 0       \n\n", cli.send("vcl.inline " + name + " << EOF\n" + booted.policy(name) + "EOF"), name);
                assertTrue(cli.send("vcl.use " + name).startsWith("200 "), name);
                if (v > 2) {
                    assertTrue(cli.send("vcl.discard swap" + (v - 2)).startsWith("200 "));
                }
            }
        } finally {
            running.set(false);
            for (Future<?> f : loops) {
                f.get(60, TimeUnit.SECONDS);
            }
            clients.shutdownNow();
        }
        System.out.printf("hot swap: %d requests during 50 swaps, %d failed, slowest %.1f ms%n",
                ok.get(), failures.size(), slowest[0] / 1e6);
        assertTrue(failures.isEmpty(), failures.toString());
        assertTrue(ok.get() > 50, "the load ran during the swaps: " + ok.get());
        assertEquals("swap50", RawHttp.get(port, "/").header("X-Policy"));
    }

    // ---- helpers ----

    /** An authenticated raw CLI connection to the node. */
    private RawCli cli() throws Exception {
        return new RawCli(booted.adminPort, booted.secret);
    }

    private Varnishadm.Result adm(String... command) throws Exception {
        return Varnishadm.run(booted.adminPort, booted.secret, command);
    }
}
