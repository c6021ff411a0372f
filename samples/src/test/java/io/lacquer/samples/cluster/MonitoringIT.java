package io.lacquer.samples.cluster;

import io.lacquer.samples.Programs;
import io.lacquer.samples.SampleCluster;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URLEncoder;
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
 * The shipped monitoring files against a running cluster and the real Prometheus (Debian's
 * {@code prometheus}): every target of the scrape configuration is up, and every query of the
 * Grafana dashboard returns data.
 */
class MonitoringIT {
    private static final Pattern EXPR = Pattern.compile("\"expr\": \"((?:[^\"\\\\]|\\\\.)*)\"");

    @TempDir
    Path dir;

    @Test
    void prometheusScrapesEveryNodeAndEveryDashboardQueryHasData() throws Exception {
        Path prometheusProgram = Programs.which("prometheus").orElse(null);
        boolean installed = prometheusProgram != null;
        if (!installed) {
            System.out.println("MonitoringIT skipped: prometheus not installed (apt-get install prometheus)");
        }
        Assumptions.assumeTrue(installed, "prometheus not installed");
        List<String> queries = new ArrayList<>();
        Matcher m = EXPR.matcher(SeedConfigs.resource(SeedConfigs.DASHBOARD));
        while (m.find()) {
            queries.add(m.group(1).replace("\\\"", "\""));
        }
        assertTrue(queries.size() >= 8, "the dashboard has its queries: " + queries);

        try (SampleCluster cluster = SampleCluster.of(ClusterPorts.free(), dir.resolve("cluster")).start()) {
            Path config = dir.resolve("prometheus.yml");
            // scraped every second here, so that rates have samples within seconds
            Files.writeString(config, SeedConfigs.prometheus(cluster.ports()).replace("5s", "1s"));
            int port = freePort();
            Process prometheus = new ProcessBuilder(prometheusProgram.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try {
                String api = "http://127.0.0.1:" + port + "/api/v1/";
                SampleCluster.await(Duration.ofSeconds(60), "Prometheus to see its 4 targets up", () -> {
                    try {
                        String targets = new Browser().get(api + "targets?state=active").body();
                        return count(targets, "\"health\":\"up\"") == 4;
                    } catch (RuntimeException e) {
                        return false;
                    }
                });
                Browser visitor = new Browser();
                for (int i = 0; i < 60; i++) {
                    String front = "http://127.0.0.1:" + cluster.ports().front(1 + i % 2);
                    assertEquals(200, visitor.get(front + (i % 3 == 0 ? "/static/style.css" : "/?p=" + i % 5)).statusCode());
                    Thread.sleep(50);
                }
                cluster.stopCache(2);
                SampleCluster.await(Duration.ofSeconds(15), "cache2 DOWN", () -> cluster.frontSeesDown(1, 2));
                for (String q : queries) {
                    SampleCluster.await(Duration.ofSeconds(20), "data for " + q, () -> {
                        String r = new Browser().get(api + "query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)).body();
                        return r.contains("\"status\":\"success\"") && r.contains("\"value\"");
                    });
                }
                System.out.println("MonitoringIT: Prometheus scraped 4 nodes; all " + queries.size()
                        + " dashboard queries returned data");
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
