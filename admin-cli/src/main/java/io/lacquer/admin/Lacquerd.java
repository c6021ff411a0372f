package io.lacquer.admin;

import io.lacquer.core.backend.BackendSpec;
import io.lacquer.core.config.Param;
import io.lacquer.storage.StorageSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code lacquerd}: starts a cache node, with varnishd's flags. Without {@code -F} it starts the
 * node as a background process and returns once the node listens, as varnishd does.
 */
@Command(name = "lacquerd", mixinStandardHelpOptions = false, sortOptions = false, separator = " ",
        description = "Lacquer cache node: a caching HTTP accelerator, with varnishd's flags.",
        footer = {"", "Parameters (-p name=value):",
                "  default_ttl default_grace default_keep connect_timeout first_byte_timeout",
                "  between_bytes_timeout backend_idle_timeout max_restarts max_retries",
                "  http_req_size http_resp_size http_max_hdr timeout_idle send_timeout idle_send_timeout",
                "  shortlived ban_lurker_age ban_lurker_sleep cdn_cache_control req_cache_control",
                "  io_threads worker_threads",
                "Storage (-s [name=]type[,options], up to twice):",
                "  heap[,size][,max_object=size] (alias malloc), in memory; default heap,256m",
                "  offheap,size,path[,max_object=size], a file that survives restarts and crashes",
                "  one heap and one offheap store make a tiered store (heap over offheap)"})
public final class Lacquerd implements Callable<Integer> {
    @Option(names = "-a", paramLabel = "address", description = "Listen address for clients, [host][:port] (default :6081).")
    private String listen = ":6081";

    @Option(names = "-b", paramLabel = "host:port", description = "The backend to fetch from (used when no policy is given).")
    private String backend;

    @Option(names = "-f", paramLabel = "file", description = "Policy file, in the policy language; loaded as 'boot' (a broken one stops the start).")
    private String policy;

    @Option(names = "-n", paramLabel = "dir", description = "Work directory (default: <tmp>/lacquerd).")
    private Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "lacquerd");

    @Option(names = "-s", paramLabel = "spec", description = "Storage, [name=]type[,options]; twice for heap over offheap (default heap,256m).")
    private List<String> storage = new ArrayList<>();

    @Option(names = "-p", paramLabel = "name=value", description = "Set a run-time parameter (repeatable).")
    private List<String> params = new ArrayList<>();

    @Option(names = "-M", paramLabel = "host:port", description = "Serve Prometheus metrics at /metrics on this address (off by default).")
    private String metrics;

    @Option(names = "--access-log", paramLabel = "file", description = "Write an NCSA combined access log to this file (off by default).")
    private Path accessLog;

    @Option(names = "-T", paramLabel = "address", description = "Management address, [host][:port] or none (default 127.0.0.1:6082).")
    private String admin = "127.0.0.1:6082";

    @Option(names = "-S", paramLabel = "file", description = "Secret file for management clients, or none (default: <dir>/_.secret, made if missing).")
    private String secret;

    @Option(names = "-F", description = "Stay in the foreground.")
    private boolean foreground;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    /** Runs {@code lacquerd}; exits 2 on a wrong flag or value. */
    public static void main(String[] args) {
        LibraryLogging.quiet();
        Lacquerd lacquerd = new Lacquerd();
        lacquerd.originalArgs.addAll(List.of(args));
        CommandLine cmd = new CommandLine(lacquerd);
        cmd.setParameterExceptionHandler((e, a) -> {
            System.err.println("lacquerd: " + e.getMessage());
            return 2;
        });
        cmd.setExecutionExceptionHandler((e, c, p) -> {
            System.err.println("lacquerd: " + e.getMessage());
            return 2;
        });
        System.exit(cmd.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        NodeConfig config;
        try {
            config = config();
        } catch (IllegalArgumentException e) {
            System.err.println("lacquerd: " + e.getMessage());
            return 2;
        }
        if (!foreground) {
            return daemonize(config);
        }
        Node node;
        try {
            node = Node.start(config);
        } catch (IOException e) {
            System.err.println("lacquerd: " + e.getMessage());
            return 2;
        }
        InetSocketAddress at = node.server().address();
        System.out.println("lacquerd: listening on http://" + hostPort(at.getHostString(), at.getPort())
                + "/ (" + (config.policy() != null ? "policy " + config.policy()
                : "backend " + hostPort(config.backend().host(), config.backend().port())) + ", storage " + config.storage() + ")");
        if (node.server().metricsAddress() != null) {
            InetSocketAddress m = node.server().metricsAddress();
            System.out.println("lacquerd: metrics on http://" + hostPort(m.getHostString(), m.getPort()) + "/metrics");
        }
        if (node.admin() != null) {
            InetSocketAddress t = node.admin().address();
            System.out.println("lacquerd: management on " + t.getHostString() + ":" + t.getPort()
                    + (config.secret() == null ? " (no secret)" : " (secret " + config.secret() + ")"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close();
            stopped.countDown();
        }, "lacquerd-shutdown"));
        stopped.await();
        return 0;
    }

    /** Validates the flags into a {@link NodeConfig}; throws IllegalArgumentException naming the bad one. */
    NodeConfig config() {
        if (backend == null && policy == null) {
            throw new IllegalArgumentException("one of -b or -f is required");
        }
        if (backend != null && policy != null) {
            throw new IllegalArgumentException("-b and -f cannot be given together (declare the backend in the policy)");
        }
        Path policyFile = policy == null ? null : Path.of(policy).toAbsolutePath();
        if (policyFile != null) {
            PolicyCheck.check(policyFile);
        }
        InetSocketAddress address = flag("-a", () -> NodeConfig.address(listen, 6081));
        BackendSpec be = backend == null ? null : flag("-b", () -> BackendSpec.parse("default", backend));
        // no -s: the default heap store; one: that store; two (heap and offheap): the tiered store
        StorageSpec store = flag("-s", () -> StorageSpec.of(storage));
        Map<Param, String> values = new EnumMap<>(Param.class);
        io.lacquer.core.config.Params check = new io.lacquer.core.config.Params();
        for (String p : params) {
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("-p " + p + ": expected name=value");
            }
            Param param = Param.byId(p.substring(0, eq));
            if (param == null) {
                throw new IllegalArgumentException("-p " + p + ": unknown parameter \"" + p.substring(0, eq) + "\"");
            }
            String value = p.substring(eq + 1);
            flag("-p " + p, () -> {
                check.set(param, value);
                return value;
            });
            values.put(param, value);
        }
        InetSocketAddress metricsAt = metrics == null ? null : flag("-M", () -> NodeConfig.address(metrics, 9131));
        InetSocketAddress adminAt = admin.equals("none") ? null : flag("-T", () -> NodeConfig.address(admin, 6082));
        Path secretFile = null;
        if (adminAt != null && secret == null) {
            secretFile = workDir.toAbsolutePath().resolve("_.secret");
        } else if (adminAt != null && !secret.equals("none")) {
            secretFile = Path.of(secret).toAbsolutePath();
            if (!java.nio.file.Files.isReadable(secretFile) || java.nio.file.Files.isDirectory(secretFile)) {
                throw new IllegalArgumentException("-S " + secret + ": cannot read the secret file");
            }
        }
        return new NodeConfig(address, be, workDir.toAbsolutePath(), store, values, metricsAt, accessLog, policyFile,
                adminAt, secretFile);
    }

    /** Starts this same command with {@code -F} as a background process; returns once it listens. */
    private int daemonize(NodeConfig config) throws IOException, InterruptedException {
        Files.createDirectories(config.workDir());
        Path log = config.workDir().resolve("lacquerd.log");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String jar = new File(Lacquerd.class.getProtectionDomain().getCodeSource().getLocation().getPath()).getPath();
        if (jar.endsWith(".jar")) {
            command.add("-jar");
            command.add(jar);
        } else {
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(Lacquerd.class.getName());
        }
        command.addAll(originalArgs);
        command.add("-F");
        Process child = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        String host = config.listen().getHostString().equals("0.0.0.0") ? "127.0.0.1" : config.listen().getHostString();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) {
                System.err.println("lacquerd: the node exited with status " + child.exitValue() + "; see " + log);
                return 2;
            }
            if (config.listen().getPort() != 0 && accepts(host, config.listen().getPort())) {
                Files.writeString(config.workDir().resolve("lacquerd.pid"), child.pid() + "\n");
                System.out.println("lacquerd: started, pid " + child.pid() + ", log " + log);
                return 0;
            }
            Thread.sleep(100);
        }
        System.err.println("lacquerd: the node did not start listening within 60 s; see " + log);
        return 2;
    }

    private final List<String> originalArgs = new ArrayList<>();

    private static boolean accepts(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static <T> T flag(String name, java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
        }
    }

    /* host:port as a URL writes it: an IPv6 literal goes in brackets. */
    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
