package io.lacquer.samples;

import io.lacquer.admin.LibraryLogging;
import io.lacquer.admin.Node;
import io.lacquer.admin.NodeConfig;
import io.lacquer.front.FrontServer;
import io.lacquer.front.config.ConfigException;
import io.lacquer.front.config.ConfigParser;
import io.lacquer.front.server.ServerState;
import io.lacquer.samples.cluster.ClusterPorts;
import io.lacquer.samples.cluster.SeedConfigs;
import io.lacquer.samples.web.DynamicServer;
import io.lacquer.samples.web.SampleContent;
import io.lacquer.samples.web.StaticServer;
import io.lacquer.storage.StorageSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * The main job: the seed's cluster on loopback (DESIGN.md §1, docs/cluster.md) in one process,
 * until Ctrl-C. Two fronts run the shipped front configuration; they spread requests over two
 * cache nodes running the shipped policy, which fetch from two static and two WordPress-like
 * dynamic servers. Every member can be stopped and started again by number, which is what the
 * failure tests do.
 */
@Command(name = "lacquer-sample", separator = " ",
        description = "The sample cluster on loopback: 2 fronts, 2 cache nodes, 2 static and 2 dynamic web servers.")
public final class SampleCluster implements Callable<Integer>, AutoCloseable {
    /** The stats page's user and password, as in the shipped front configuration. */
    public static final String STATS_USER = "admin";
    /** The stats page's password. */
    public static final String STATS_PASSWORD = "lacquer";
    /** The front backend that spreads static requests over the cache nodes. */
    public static final String STATIC_CACHES = "static_caches";
    /** The front backend that spreads dynamic requests over the cache nodes. */
    public static final String DYNAMIC_CACHES = "dynamic_caches";

    @Option(names = "--shift", paramLabel = "n",
            description = "Move every port by n, to run beside another cluster (default 0: site on 8080 and 8081).")
    private int shift;

    @Option(names = "--dir", paramLabel = "dir",
            description = "Work directory: site files, rendered configurations, secret, cache work dirs (default <tmp>/lacquer-cluster).")
    private Path dir = Path.of(System.getProperty("java.io.tmpdir"), "lacquer-cluster");

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    private ClusterPorts ports;
    private Path content;
    private final StaticServer[] statics = new StaticServer[2];
    private final DynamicServer[] dynamics = new DynamicServer[2];
    private final Node[] caches = new Node[2];
    private final FrontServer[] fronts = new FrontServer[2];

    /** Runs the cluster until Ctrl-C. */
    public static void main(String[] args) {
        LibraryLogging.quiet();
        CommandLine cmd = new CommandLine(new SampleCluster());
        cmd.setParameterExceptionHandler((e, a) -> {
            System.err.println("lacquer-sample: " + e.getMessage());
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("lacquer-sample: " + e.getMessage());
            return 1;
        });
        System.exit(cmd.execute(args));
    }

    /** A cluster with the given ports and work directory, not started yet (for tests). */
    public static SampleCluster of(ClusterPorts ports, Path dir) {
        SampleCluster c = new SampleCluster();
        c.shift = ports.shift();
        c.dir = dir;
        return c;
    }

    /**
     * Writes the site and the configurations, starts every member, and returns once the cache
     * nodes see every web server healthy and the fronts see both cache nodes up.
     */
    public SampleCluster start() throws IOException {
        ports = new ClusterPorts(shift);
        Files.createDirectories(dir);
        content = SampleContent.writeTo(dir.resolve("site"));
        Files.writeString(policyFile(), SeedConfigs.policy(ports));
        for (int n = 1; n <= 2; n++) {
            Files.writeString(frontFile(n), SeedConfigs.front(ports, n));
        }
        try {
            for (int n = 1; n <= 2; n++) {
                startStatic(n);
                startDynamic(n);
            }
            for (int n = 1; n <= 2; n++) {
                startCache(n);
            }
            for (int n = 1; n <= 2; n++) {
                startFront(n);
            }
            awaitHealthy(Duration.ofSeconds(20));
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** The ports in use. */
    public ClusterPorts ports() {
        return ports;
    }

    /** The work directory. */
    public Path dir() {
        return dir;
    }

    /** The rendered policy the cache nodes run. */
    public Path policyFile() {
        return dir.resolve("default.vcl.groovy");
    }

    /** The rendered configuration front {@code n} runs. */
    public Path frontFile(int n) {
        return dir.resolve("front" + n + ".cfg");
    }

    /** The management secret both cache nodes use. */
    public Path secretFile() {
        return dir.resolve("secret");
    }

    /** Cache node {@code n}, or null while it is stopped. */
    public Node cache(int n) {
        return caches[n - 1];
    }

    /** Front {@code n}, or null while it is stopped. */
    public FrontServer front(int n) {
        return fronts[n - 1];
    }

    /** Dynamic server {@code n}, or null while it is stopped. */
    public DynamicServer dynamicServer(int n) {
        return dynamics[n - 1];
    }

    /** Starts static server {@code n} ({@code static1}, {@code static2}). */
    public void startStatic(int n) {
        statics[n - 1] = StaticServer.start("static" + n, content, "127.0.0.1", ports.staticServer(n));
    }

    /** Stops static server {@code n}. */
    public void stopStatic(int n) {
        statics[n - 1] = close(statics[n - 1]);
    }

    /** Starts dynamic server {@code n} ({@code dyn1}, {@code dyn2}); its sessions start empty. */
    public void startDynamic(int n) {
        dynamics[n - 1] = DynamicServer.start("dyn" + n, "127.0.0.1", ports.dynamicServer(n));
    }

    /** Stops dynamic server {@code n}; the sessions it held are lost. */
    public void stopDynamic(int n) {
        dynamics[n - 1] = close(dynamics[n - 1]);
    }

    /** Starts cache node {@code n} ({@code cache1}, {@code cache2}) with an empty cache. */
    public void startCache(int n) throws IOException {
        NodeConfig config = new NodeConfig(loopback(ports.cache(n)), null, dir.resolve("cache" + n),
                StorageSpec.parse("heap,128m"), Map.of(), loopback(ports.metrics(n)), null, policyFile(),
                loopback(ports.admin(n)), secretFile());
        caches[n - 1] = Node.start(config);
    }

    /** Stops cache node {@code n}: its listeners close, as if the process had died. */
    public void stopCache(int n) {
        caches[n - 1] = close(caches[n - 1]);
    }

    /** Starts front {@code n} ({@code front1}, {@code front2}). */
    public void startFront(int n) throws IOException {
        try {
            fronts[n - 1] = FrontServer.start(ConfigParser.parse(frontFile(n)));
        } catch (ConfigException e) {
            throw new IOException(e.alert(), e);
        }
    }

    /** Stops front {@code n}. */
    public void stopFront(int n) {
        fronts[n - 1] = close(fronts[n - 1]);
    }

    /** The servers of a front's backend ({@code static_caches} or {@code dynamic_caches}). */
    public List<ServerState> frontServers(int front, String backend) {
        return fronts[front - 1].topology().backend(backend).servers();
    }

    /** Whether cache node {@code n} currently sees web server {@code backend} ({@code dyn1}, …) as healthy. */
    public boolean cacheSeesHealthy(int n, String backend) {
        return caches[n - 1].policies().active().declarations().backends().stream()
                .filter(b -> b.name().equals(backend))
                .findFirst().orElseThrow(() -> new IllegalArgumentException("no backend " + backend))
                .healthy();
    }

    /** Whether front {@code n} currently sees cache node {@code cache} as UP in both of its backends. */
    public boolean frontSeesUp(int n, int cache) {
        return frontSees(n, cache, true);
    }

    /** Whether front {@code n} currently sees cache node {@code cache} as DOWN in both of its backends. */
    public boolean frontSeesDown(int n, int cache) {
        return frontSees(n, cache, false);
    }

    private boolean frontSees(int n, int cache, boolean up) {
        return Stream.of(STATIC_CACHES, DYNAMIC_CACHES)
                .flatMap(b -> frontServers(n, b).stream())
                .filter(s -> s.name().equals("cache" + cache))
                .allMatch(s -> s.healthy() == up);
    }

    /** Waits until every running member sees every running member it uses as healthy, and the others as down. */
    public void awaitHealthy(Duration timeout) {
        await(timeout, "the cluster to become healthy", () -> {
            for (int n = 1; n <= 2; n++) {
                if (caches[n - 1] != null && !caches[n - 1].policies().active().declarations().backends().stream()
                        .allMatch(b -> b.healthy() == running(b.name()))) {
                    return false;
                }
            }
            for (int n = 1; n <= 2; n++) {
                for (int cache = 1; fronts[n - 1] != null && cache <= 2; cache++) {
                    if (!frontSees(n, cache, caches[cache - 1] != null)) {
                        return false;
                    }
                }
            }
            return true;
        });
    }

    private boolean running(String webServer) {
        int n = webServer.charAt(webServer.length() - 1) - '0';
        return webServer.startsWith("static") ? statics[n - 1] != null : dynamics[n - 1] != null;
    }

    /** Polls {@code condition} every 50 ms until it holds; throws once {@code timeout} has passed. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        start();
        System.out.println(banner());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            close();
            System.out.println("lacquer-sample: stopped");
            stopped.countDown();
        }, "lacquer-sample-shutdown"));
        stopped.await();
        return 0;
    }

    /** What runs where, and how to use it. */
    public String banner() {
        String s = "http://127.0.0.1:";
        return String.join("\n",
                "Lacquer sample cluster on loopback: 2 fronts -> 2 cache nodes -> 2 static + 2 dynamic web servers.",
                "  site:        " + s + ports.front(1) + "/  (front1)    " + s + ports.front(2) + "/  (front2)",
                "  log in:      " + s + ports.front(1) + "/wp-login.php  (any user name, password \""
                        + DynamicServer.PASSWORD + "\")",
                "  stats pages: " + s + ports.stats(1) + "/stats    " + s + ports.stats(2) + "/stats  (user "
                        + STATS_USER + ", password " + STATS_PASSWORD + ")",
                "  metrics:     cache1 " + s + ports.metrics(1) + "/metrics    cache2 " + s + ports.metrics(2) + "/metrics",
                "               front1 " + s + ports.stats(1) + "/metrics    front2 " + s + ports.stats(2) + "/metrics",
                "  caches:      cache1 " + s + ports.cache(1) + "/    cache2 " + s + ports.cache(2) + "/",
                "  web servers: static1 :" + ports.staticServer(1) + "  static2 :" + ports.staticServer(2)
                        + "  dyn1 :" + ports.dynamicServer(1) + "  dyn2 :" + ports.dynamicServer(2),
                "  management:  bin/lacqueradm -T 127.0.0.1:" + ports.admin(1) + ",127.0.0.1:" + ports.admin(2)
                        + " -S " + secretFile() + " ban req.url '~' .",
                "  configuration in use: " + policyFile() + ", " + frontFile(1) + ", " + frontFile(2),
                "Ctrl-C stops everything.");
    }

    @Override
    public void close() {
        for (int n = 2; n >= 1; n--) {
            stopFront(n);
        }
        for (int n = 2; n >= 1; n--) {
            stopCache(n);
        }
        for (int n = 2; n >= 1; n--) {
            stopDynamic(n);
            stopStatic(n);
        }
    }

    private static InetSocketAddress loopback(int port) {
        return InetSocketAddress.createUnresolved("127.0.0.1", port);
    }

    private static <T extends AutoCloseable> T close(T member) {
        if (member != null) {
            try {
                member.close();
            } catch (Exception e) {
                throw e instanceof RuntimeException r ? r : new UncheckedIOException(new IOException(e));
            }
        }
        return null;
    }
}
