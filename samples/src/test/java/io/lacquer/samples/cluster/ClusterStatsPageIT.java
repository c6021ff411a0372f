package io.lacquer.samples.cluster;

import io.lacquer.samples.Programs;
import io.lacquer.samples.SampleCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's screenshot, for real: with one cache node stopped, headless Chromium opens a front's
 * stats page (as the admin, from the local host), saves {@code target/cluster-stats-page.png},
 * and the rendered table shows one cache node UP and the other DOWN in both backends.
 */
class ClusterStatsPageIT {
    @TempDir
    Path dir;

    @Test
    void theStatsPageShowsTheStoppedCacheNodeDown() throws Exception {
        String chromium = Programs.which("chromium").or(() -> Programs.which("chromium-browser"))
                .map(Path::toString).orElse(null);
        if (chromium == null) {
            System.out.println("ClusterStatsPageIT skipped: chromium not installed (apt-get install chromium)");
        }
        Assumptions.assumeTrue(chromium != null, "chromium not installed");
        try (SampleCluster cluster = SampleCluster.of(ClusterPorts.free(), dir).start()) {
            cluster.stopCache(2);
            SampleCluster.await(Duration.ofSeconds(15), "front1 to mark cache2 DOWN", () -> cluster.frontSeesDown(1, 2));
            String url = "http://" + SampleCluster.STATS_USER + ":" + SampleCluster.STATS_PASSWORD + "@127.0.0.1:"
                    + cluster.ports().stats(1) + "/stats";
            Path target = Path.of(System.getProperty("basedir", "."), "target");
            Files.createDirectories(target);
            Path shot = target.resolve("cluster-stats-page.png");
            Files.deleteIfExists(shot);

            run(dir, chromium, "--window-size=1600,1000", "--screenshot=" + shot, url);
            String html = run(dir, chromium, "--dump-dom", url);
            Files.writeString(target.resolve("cluster-stats-page.dom.html"), html);

            assertTrue(Files.size(shot) > 10_000, "a screenshot was saved: " + shot);
            for (String backend : List.of(SampleCluster.STATIC_CACHES, SampleCluster.DYNAMIC_CACHES)) {
                String table = table(html, backend);
                assertEquals("UP", cell(table, "cache1", "status"), backend);
                assertEquals("DOWN", cell(table, "cache2", "status"), backend);
                assertTrue(table.contains("<tr class=\"active_up\" data-svname=\"cache1\">"), "cache1 coloured UP");
                assertTrue(table.contains("<tr class=\"active_down\" data-svname=\"cache2\">"), "cache2 coloured DOWN");
                assertEquals("L4CON", cell(table, "cache2", "check_status"), "refused connections");
            }
            System.out.println("ClusterStatsPageIT: screenshot " + shot + " (" + Files.size(shot) + " bytes)");
        }
    }

    /** Runs headless Chromium with a throwaway profile in {@code work}; returns what it printed. */
    private static String run(Path work, String chromium, String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(work, "chromium");
        List<String> argv = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        argv.addAll(List.of(args));
        Path out = Files.createTempFile(work, "chromium", ".out");
        Process p = new ProcessBuilder(argv).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 90 s: " + argv);
        }
        assertEquals(0, p.exitValue(), "chromium " + String.join(" ", args));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /** The rendered table of one backend. */
    private static String table(String html, String backend) {
        int start = html.indexOf("id=\"px-" + backend + "\"");
        assertTrue(start >= 0, "a table for " + backend);
        int end = html.indexOf("</table>", start);
        return html.substring(start, end);
    }

    /** The text of a server row's cell. */
    private static String cell(String table, String server, String field) {
        Matcher row = Pattern.compile("<tr[^>]*data-svname=\"" + Pattern.quote(server) + "\"[^>]*>(.*?)</tr>",
                Pattern.DOTALL).matcher(table);
        assertTrue(row.find(), "a row for " + server);
        Matcher c = Pattern.compile("<td data-field=\"" + field + "\">([^<]*)</td>").matcher(row.group(1));
        assertTrue(c.find(), "a " + field + " cell for " + server);
        return c.group(1);
    }
}
