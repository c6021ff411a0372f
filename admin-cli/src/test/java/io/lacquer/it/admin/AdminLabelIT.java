package io.lacquer.it.admin;

import io.lacquer.core.testkit.HeldRequest;
import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Labels, {@code return vcl(label)} and the busy column through the management port of a node
 * started with -f, with varnishd 7.1's answers (status codes and words as a real varnishd gave
 * them for the same commands).
 */
class AdminLabelIT {
    private static final String ROUTE = "    if (req.http.host == 'site.example') { return vcl('lbl') }";

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

    /** Sends site.example to the label {@code lbl}; the label's position is line 3. */
    private String front() {
        return "backend 'web', host: '127.0.0.1', port: " + booted.origin.port() + "\nvcl_recv {\n" + ROUTE + "\n}\n"
                + "vcl_deliver { resp.http['X-Policy'] = 'front' }\n";
    }

    private static String inline(String name, String source) {
        return "vcl.inline " + name + " << EOF\n" + source + "EOF";
    }

    /**
     * {@code vcl.list} once every count is back to 0: the fetch of a response just received gives
     * its policy back on its own thread, a moment later.
     */
    private static String quiet(RawCli cli) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String list = cli.send("vcl.list");
        while (list.matches("(?s).* [1-9]\\d* +\\S+.*") && System.nanoTime() < deadline) {
            Thread.sleep(10);
            list = cli.send("vcl.list");
        }
        return list;
    }

    private RawHttp.Response get(String host, String path) throws Exception {
        return RawHttp.send(booted.httpPort(),
                "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    @Test
    void labelsAndReturnVclWithVarnishdsAnswers() throws Exception {
        try (RawCli cli = new RawCli(booted.adminPort, booted.secret)) {
            assertEquals("200 0       \n\n", cli.send(inline("site", booted.policy("site"))));
            String missing = cli.send(inline("front", front()));
            int pos = ROUTE.indexOf("'lbl'") + 1;
            assertTrue(missing.startsWith("106 ") && missing.contains("Symbol not found: 'lbl'\n('<vcl.inline>' Line 3 Pos " + pos + ")")
                    && missing.endsWith("VCL compilation failed\n\n"), "no label of that name yet:\n" + missing);

            assertEquals("200 0       \n\n", cli.send("vcl.label lbl site"));
            assertEquals("300 33      \nVCL labels cannot point to labels\n", cli.send("vcl.label lbl2 lbl"));
            assertEquals("106 19      \nsite is not a label\n", cli.send("vcl.label site boot"));
            assertEquals("106 26      \nNo VCL named nosuch known\n\n", cli.send("vcl.label lbl2 nosuch"));
            assertEquals("200 0       \n\n", cli.send(inline("front", front())));
            assertTrue(cli.send("vcl.use front").startsWith("200 "));

            assertEquals("site", get("site.example", "/").header("X-Policy"));
            assertEquals("front", get("other.example", "/").header("X-Policy"));
            assertTrue(quiet(cli).matches("200 \\d+ +\n"
                    + "available +auto +warm +0 +boot\n"
                    + "available +auto +warm +0 +site +<- +\\(1 label\\)\n"
                    + "available +label +warm +0 +lbl +-> +site \\(1 return\\(vcl\\)\\)\n"
                    + "active +auto +warm +0 +front\n\n"), quiet(cli));
            String json = cli.send("vcl.list -j");
            assertTrue(json.contains("\"name\": \"site\",\n\"labels\": 1\n}")
                    && json.contains("\"name\": \"lbl\",\n\"label\": {\n\"name\": \"site\",\n\"refs\": 1\n}"), json);

            assertEquals("300 62      \nCannot discard VCL label lbl, other VCLs depend on it:\n\tfront\n\n",
                    cli.send("vcl.discard lbl"));
            assertEquals("300 46      \nCannot discard labeled VCL program site:\n\tlbl\n\n", cli.send("vcl.discard site"));
            assertEquals("106 72      \nVcl front uses Label lbl\nPointing label lbl at front would create a loop\n",
                    cli.send("vcl.label lbl front"));
            assertEquals("106 22      \nLabels are always warm\n", cli.send("vcl.state lbl cold"));
            assertEquals("300 32      \nA labeled VCL cannot be set cold\n", cli.send("vcl.state site cold"));

            assertEquals("200 0       \n\n", cli.send(inline("site2", booted.policy("site2"))));
            assertEquals("200 0       \n\n", cli.send("vcl.label lbl site2"));
            assertEquals("site2", get("site.example", "/").header("X-Policy"), "the switch follows the label");
            String list = quiet(cli);
            assertTrue(list.matches("(?s).*\navailable +label +warm +0 +lbl +-> +site2 \\(1 return\\(vcl\\)\\)\n.*")
                    && list.matches("(?s).*\navailable +auto +warm +0 +site\n.*"), list);
            assertEquals("300 40      \nCannot discard active VCL program front\n\n", cli.send("vcl.discard front lbl site*"));
            assertTrue(cli.send("vcl.use boot").startsWith("200 "));
            assertEquals("200 0       \n\n", cli.send("vcl.discard front lbl site*"), "together, each after what depends on it");
            assertTrue(quiet(cli).matches("200 \\d+ +\nactive +auto +warm +0 +boot\n\n"), quiet(cli));
        }
    }

    @Test
    void theBusyColumnCountsRequestsAndFetchesInFlight() throws Exception {
        try (RawCli cli = new RawCli(booted.adminPort, booted.secret)) {
            cli.send(inline("site", booted.policy("site")));
            cli.send("vcl.label lbl site");
            cli.send(inline("front", front()));
            cli.send("vcl.use front");
            HeldRequest slow = HeldRequest.start(booted.origin, "/slow", () -> get("site.example", "/slow"));
            slow.awaitArrival();
            String list = cli.send("vcl.list");
            assertTrue(list.matches("(?s).*\navailable +auto +warm +2 +site +<- .*"), "the request and its fetch:\n" + list);
            assertTrue(list.matches("(?s).*\nactive +auto +warm +1 +front\n.*"), "the policy it started on:\n" + list);
            assertTrue(cli.send("vcl.list -j").contains("\"busy\": 2,\n\"name\": \"site\""));

            assertTrue(cli.send("vcl.use boot").startsWith("200 "));
            assertEquals("200 0       \n\n", cli.send("vcl.discard front"));
            assertTrue(cli.send("vcl.list").matches("(?s).*\ndiscarded +cold +busy +1 +front\n.*"),
                    "discarded, still held by its request");
            assertEquals("site", slow.release().header("X-Policy"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (cli.send("vcl.list").contains("front") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            list = cli.send("vcl.list");
            assertFalse(list.contains("front"), "released once its request ended:\n" + list);
            assertTrue(list.matches("(?s).*\navailable +auto +warm +0 +site +<- .*"), list);
        }
    }

    @Test
    void varnishadmSeesTheSameRules() throws Exception {
        assumeTrue(Varnishadm.installed(), "varnishadm not installed (apt-get install varnish): skipping");
        Path site = dir.resolve("site.vcl.groovy");
        Files.writeString(site, booted.policy("site"));
        Path front = dir.resolve("front.vcl.groovy");
        Files.writeString(front, front());
        Varnishadm.Result missing = Varnishadm.run(booted.adminPort, booted.secret, "vcl.load", "front", front.toString());
        assertEquals(1, missing.code());
        assertTrue(missing.out().contains("Symbol not found: 'lbl'") && missing.err().contains("106"), missing.out() + missing.err());

        assertEquals(0, Varnishadm.run(booted.adminPort, booted.secret, "vcl.load", "site", site.toString()).code());
        assertEquals(0, Varnishadm.run(booted.adminPort, booted.secret, "vcl.label", "lbl", "site").code());
        assertEquals(0, Varnishadm.run(booted.adminPort, booted.secret, "vcl.load", "front", front.toString()).code());
        assertEquals("VCL 'front' now active\n", Varnishadm.run(booted.adminPort, booted.secret, "vcl.use", "front").out());
        assertEquals("available   auto     warm         0    boot\n"
                + "available   auto     warm         0    site     <-    (1 label)\n"
                + "available   label    warm         0    lbl      ->    site (1 return(vcl))\n"
                + "active      auto     warm         0    front\n\n", Varnishadm.run(booted.adminPort, booted.secret, "vcl.list").out());

        Varnishadm.Result labelled = Varnishadm.run(booted.adminPort, booted.secret, "vcl.discard", "site");
        assertEquals(1, labelled.code());
        assertEquals("Cannot discard labeled VCL program site:\n\tlbl\n\n", labelled.out());
        assertTrue(labelled.err().contains("error code 300"), labelled.err());
        Varnishadm.Result loop = Varnishadm.run(booted.adminPort, booted.secret, "vcl.label", "lbl", "front");
        assertEquals("Vcl front uses Label lbl\nPointing label lbl at front would create a loop\n", loop.out());
        assertTrue(loop.err().contains("error code 106"), loop.err());
    }
}
