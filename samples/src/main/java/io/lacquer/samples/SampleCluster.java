package io.lacquer.samples;

import io.lacquer.admin.Node;
import io.lacquer.admin.NodeConfig;
import io.lacquer.core.backend.BackendSpec;
import io.lacquer.storage.StorageSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The main job: the sample site with a Lacquer cache node in front of it, on loopback, until Ctrl-C.
 */
@Command(name = "lacquer-sample", separator = " ", description = "The sample site behind a Lacquer cache node, on loopback.")
public final class SampleCluster implements Callable<Integer>, AutoCloseable {
    @Option(names = "--cache", paramLabel = "port", description = "Port of the cache node (default 6081).")
    private int cachePort = 6081;

    @Option(names = "--origin", paramLabel = "port", description = "Port of the sample site (default 8081).")
    private int originPort = 8081;

    @Option(names = "--metrics", paramLabel = "port", description = "Port of the metrics endpoint (default 9131).")
    private int metricsPort = 9131;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private SampleSite site;
    private Node node;

    /** Runs the sample until Ctrl-C. */
    public static void main(String[] args) {
        io.lacquer.admin.LibraryLogging.quiet();
        CommandLine cmd = new CommandLine(new SampleCluster());
        cmd.setParameterExceptionHandler((e, a) -> {
            System.err.println("lacquer-sample: " + e.getMessage());
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("lacquer-sample: " + e.getMessage());
            return 2;
        });
        System.exit(cmd.execute(args));
    }

    /** Starts the site and the node on the configured ports. */
    public SampleCluster start() throws Exception {
        site = SampleSite.start("127.0.0.1", originPort);
        InetSocketAddress origin = site.address();
        NodeConfig config = new NodeConfig(InetSocketAddress.createUnresolved("127.0.0.1", cachePort),
                BackendSpec.of("default", "127.0.0.1", origin.getPort()),
                Path.of(System.getProperty("java.io.tmpdir"), "lacquer-sample"),
                StorageSpec.parse("heap,256m"), Map.of(),
                InetSocketAddress.createUnresolved("127.0.0.1", metricsPort), null);
        try {
            node = Node.start(config);
        } catch (Exception e) {
            site.close();
            throw e;
        }
        return this;
    }

    /** The cache node. */
    public Node node() {
        return node;
    }

    /** The sample site. */
    public SampleSite site() {
        return site;
    }

    /** Ports to use, for tests (0 picks free ones). */
    public SampleCluster ports(int cache, int origin, int metrics) {
        this.cachePort = cache;
        this.originPort = origin;
        this.metricsPort = metrics;
        return this;
    }

    @Override
    public Integer call() throws Exception {
        start();
        int cache = node.server().address().getPort();
        String site = "http://127.0.0.1:" + cache + "/";
        System.out.println("Lacquer sample: a cache node in front of a sample site, on loopback.");
        System.out.println("  site, through the cache: " + site);
        System.out.println("  origin, direct:          http://127.0.0.1:" + this.site.address().getPort() + "/");
        System.out.println("  metrics:                 http://127.0.0.1:" + node.server().metricsAddress().getPort() + "/metrics");
        System.out.println("Try it twice; the second answer is a hit (two ids in X-Varnish, Age counting up):");
        System.out.println("  curl -si " + site + " | grep -Ei '^(x-varnish|age)'");
        System.out.println("Ctrl-C stops everything.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            stopped.countDown();
        }, "lacquer-sample-shutdown"));
        stopped.await();
        return 0;
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        }
        if (site != null) {
            site.close();
        }
    }
}
