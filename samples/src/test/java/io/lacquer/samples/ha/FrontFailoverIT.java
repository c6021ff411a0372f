package io.lacquer.samples.ha;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.lacquer.samples.Programs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Front failover with the real keepalived. A client, two fronts and a web server sit on one bridge,
 * each in a network namespace of this run. Each front namespace runs {@code lacquer-front} and
 * keepalived from the shipped files in {@code io/lacquer/samples/keepalived} (only the addresses and
 * the check script's path are replaced). Killing front1's front moves the VIP to front2; front1
 * started again takes it back (preempt). The client asks the VIP every 100 ms, and the failed
 * requests of each switch are counted. Skipped, with a printed reason, unless root with a working
 * {@code ip netns}, keepalived and curl.
 *
 * <p>Longer than a class should be: the topology, the processes and the client serve this one
 * scenario only, so they stay beside it.
 */
class FrontFailoverIT {
    private static final long PID = ProcessHandle.current().pid();
    /** Namespace names are global: the PID keeps parallel runs apart and names a killed run's leftovers. */
    private static final String PREFIX = "lqha" + PID + "-";
    /** A namespace or log directory of a run of this test; group 1 is the run's PID. */
    private static final Pattern OWN_NAME = Pattern.compile("lqha(\\d+)-\\w+");
    /** A /24 of 198.19.0.0/16 picked from the PID (StatsRemoteAccessIT uses 198.18.x). */
    private static final String NET = "198.19." + (PID % 250) + ".";
    private static final String VIP = NET + "10";
    private static final Map<String, String> ADDRESS = Map.of(
            "client", NET + "100", "front1", NET + "11", "front2", NET + "12", "web", NET + "20");
    /** What the shipped files say, replaced by this run's values. */
    private static final String SHIPPED_NET = "198.18.0.";
    private static final String SHIPPED_SCRIPT = "/etc/keepalived/check-front.sh";
    private static final String RESOURCES = "/io/lacquer/samples/keepalived/";
    private static final long MAX_SWITCH_MS = 8_000;
    /** ip, sysctl and keepalived live in the sbin directories, which a non-login PATH may lack. */
    private static final String PATH = Programs.PATH;

    private static final List<String> namespaces = new CopyOnWriteArrayList<>();
    /** Every long-running process this run started, by role; teardown stops them by PID. */
    private static final Map<String, Process> processes = Collections.synchronizedMap(new LinkedHashMap<>());
    private static final Thread teardownHook = new Thread(FrontFailoverIT::tearDown, "front-failover-teardown");
    private static Path dir;
    private static List<String> parentDeath = List.of();
    private static boolean passed;

    @BeforeAll
    static void setUp() throws IOException {
        skipUnless("root".equals(System.getProperty("user.name")), "needs root for network namespaces and VRRP");
        skipUnless(Programs.which("ip").isPresent() && run(10, "ip", "netns", "list").exit() == 0,
                "'ip netns' does not work (apt-get install iproute2)");
        skipUnless(Programs.which("keepalived").isPresent(), "keepalived not found (apt-get install keepalived)");
        skipUnless(Programs.which("curl").isPresent(), "curl not found (apt-get install curl)");
        // a JVM killed with SIGKILL runs no teardown: its children then get SIGTERM from the kernel.
        // The kernel sends it when the thread that started the child ends; here that is the test
        // thread, which lives as long as the JVM.
        if (Programs.which("setpriv").isPresent()) {
            parentDeath = List.of("setpriv", "--pdeathsig", "TERM", "--");
        }
        removeLeftovers();
        Runtime.getRuntime().addShutdownHook(teardownHook);
        Result sw = run(10, "ip", "netns", "add", ns("sw"));
        skipUnless(sw.exit() == 0, "cannot create a network namespace: " + sw.out().strip());
        namespaces.add(ns("sw"));
        dir = Files.createTempDirectory(PREFIX);
        buildTopology();
        render();
        processes.put("web", start("web", "web.log", java(EchoServer.class.getName(), "8080")));
        processes.put("front1", startFront("front1"));
        processes.put("front2", startFront("front2"));
        awaitFront("front1");
        awaitFront("front2");
        check(waitUntil(Duration.ofSeconds(30), () -> run(5, "ip", "netns", "exec", ns("web"), "curl", "-sf", "--noproxy", "*",
                "-m", "1", "-o", "/dev/null", "http://127.0.0.1:8080/health").exit() == 0), "web server did not start");
        // front1 first, so that it is MASTER before front2 starts (the first election takes ~3.6 s)
        processes.put("keepalived-front1", startKeepalived("front1"));
        check(waitUntil(Duration.ofSeconds(15), () -> vipOn("front1")), "front1 never became MASTER");
        processes.put("keepalived-front2", startKeepalived("front2"));
        check(waitUntil(Duration.ofSeconds(10), () -> log("keepalived-front2.log").contains("Entering BACKUP STATE")),
                "front2's keepalived did not start");
    }

    @AfterAll
    static void tearDownAll() {
        tearDown();
        try {
            Runtime.getRuntime().removeShutdownHook(teardownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // the JVM is already shutting down, or setUp skipped before adding the hook
        }
    }

    @Test
    void vipMovesToFront2WhenFront1DiesAndBackWhenItReturns() throws Exception {
        Probe probe = new Probe();
        Thread client = new Thread(probe, "front-failover-client");
        client.setDaemon(true);
        client.start();
        try {
            assertTrue(waitUntil(Duration.ofSeconds(10), () -> probe.answersFrom("front1", Long.MIN_VALUE) >= 5),
                    "client not served by front1: " + probe);

            long kill = now();
            Process front1 = processes.get("front1");
            front1.destroyForcibly();
            front1.waitFor(10, TimeUnit.SECONDS);
            assertTrue(waitUntil(Duration.ofSeconds(20), () -> probe.firstAnswerFrom("front2", kill) >= 0),
                    "the VIP never moved to front2: " + probe);
            long moved = probe.firstAnswerFrom("front2", kill) - kill;
            assertTrue(vipOn("front2"), "front2 answers without holding the VIP");
            waitUntil(Duration.ofSeconds(5), () -> probe.answersFrom("front2", kill) >= 10);

            long restart = now();
            processes.put("front1", startFront("front1"));
            awaitFront("front1");
            assertTrue(waitUntil(Duration.ofSeconds(30), () -> probe.firstAnswerFrom("front1", restart) >= 0),
                    "front1 never took the VIP back: " + probe);
            long back = probe.firstAnswerFrom("front1", restart) - restart;
            assertTrue(waitUntil(Duration.ofSeconds(5), () -> vipOn("front1") && !vipOn("front2")),
                    "the VIP is not on front1 alone after preempt");
            long settled = now();
            waitUntil(Duration.ofSeconds(5), () -> probe.answersFrom("front1", settled) >= 10);
            probe.stop();
            client.join(5_000);

            Outage failover = probe.failedBetween(kill, restart);
            Outage failback = probe.failedBetween(restart, Long.MAX_VALUE);
            System.out.printf("front failover: gap_ms=%d failed=%d; failback: gap_ms=%d failed=%d"
                            + " (front2 answered %d ms after front1 was killed; front1 answered %d ms after its restart;"
                            + " %d requests, %d failed before the fault: %s)%n",
                    failover.gapMs(), failover.failed(), failback.gapMs(), failback.failed(), moved, back, probe.count(),
                    probe.failedBefore(kill), probe);
            assertTrue(moved < MAX_SWITCH_MS, "front2 answered only " + moved + " ms after the kill");
            assertTrue(failover.gapMs() < MAX_SWITCH_MS, "failover outage " + failover.gapMs() + " ms");
            assertTrue(failback.gapMs() < MAX_SWITCH_MS, "failback outage " + failback.gapMs() + " ms");
            assertEquals(0, probe.answersFrom("front2", settled), "front2 still answered after preempt: " + probe);
            passed = true;
        } finally {
            probe.stop();
        }
    }

    // ---- topology

    private static void buildTopology() {
        String sw = ns("sw");
        mustRun("ip", "-n", sw, "link", "add", "br0", "type", "bridge");
        // bridged frames must not go through netfilter (br_netfilter defaults to on in each namespace)
        run(10, "ip", "netns", "exec", sw, "sysctl", "-qw", "net.bridge.bridge-nf-call-iptables=0");
        mustRun("ip", "-n", sw, "link", "set", "br0", "up");
        for (String node : List.of("client", "front1", "front2", "web")) {
            String ns = ns(node);
            mustRun("ip", "netns", "add", ns);
            namespaces.add(ns);
            // VRRP here is IPv4; no IPv6 means no DAD, router or multicast-listener noise
            mustRun("ip", "netns", "exec", ns, "sysctl", "-qw",
                    "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            mustRun("ip", "-n", ns, "link", "set", "lo", "up");
            // the veth is created between the two namespaces: nothing appears in the host's
            mustRun("ip", "-n", sw, "link", "add", "p-" + node, "type", "veth", "peer", "name", "eth0", "netns", ns);
            mustRun("ip", "-n", sw, "link", "set", "p-" + node, "master", "br0");
            mustRun("ip", "-n", sw, "link", "set", "p-" + node, "up");
            mustRun("ip", "-n", ns, "addr", "add", ADDRESS.get(node) + "/24", "dev", "eth0");
            mustRun("ip", "-n", ns, "link", "set", "eth0", "up");
        }
    }

    /** Writes the shipped files with this run's addresses and script path. */
    private static void render() throws IOException {
        Path script = dir.resolve("check-front.sh");
        Files.writeString(script, shipped("check-front.sh"));
        // keepalived's script security refuses a script that anyone but root could change
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("front-ha.cfg"), replace(shipped("front-ha.cfg"), SHIPPED_NET, NET));
        for (String front : List.of("front1", "front2")) {
            String conf = replace(shipped("keepalived-" + front + ".conf"), SHIPPED_NET, NET);
            Files.writeString(dir.resolve("keepalived-" + front + ".conf"), replace(conf, SHIPPED_SCRIPT, script.toString()));
        }
    }

    private static String shipped(String name) throws IOException {
        try (InputStream in = Objects.requireNonNull(FrontFailoverIT.class.getResourceAsStream(RESOURCES + name), name)) {
            return new String(in.readAllBytes(), UTF_8);
        }
    }

    /** Replaces {@code from}, which the shipped file must contain: a file that drifted fails here. */
    private static String replace(String text, String from, String to) {
        check(text.contains(from), "shipped file no longer contains " + from);
        return text.replace(from, to);
    }

    // ---- processes

    private static Process startFront(String front) throws IOException {
        return start(front, front + ".log", java("io.lacquer.front.LacquerFront", "-f", dir.resolve("front-ha.cfg").toString()));
    }

    /** Waits until the shipped check script, run where keepalived runs it, says the front is up. */
    private static void awaitFront(String front) {
        String script = dir.resolve("check-front.sh").toString();
        check(waitUntil(Duration.ofSeconds(40), () -> {
            check(processes.get(front).isAlive(), front + " exited: " + log(front + ".log"));
            return run(5, "ip", "netns", "exec", ns(front), script, "80").exit() == 0;
        }), front + " did not answer its monitor-uri: " + log(front + ".log"));
    }

    /** keepalived without systemd: no fork, log to stdout, VRRP only, pid files of its own. */
    private static Process startKeepalived(String front) throws IOException {
        String pids = dir.resolve(front).toString();
        return start(front, "keepalived-" + front + ".log", List.of("keepalived", "-n", "-l", "-D", "-G", "-P",
                "-f", dir.resolve("keepalived-" + front + ".conf").toString(), "-p", pids + "-keepalived.pid",
                "-r", pids + "-vrrp.pid", "-c", pids + "-checkers.pid", "-b", pids + "-bfd.pid"));
    }

    private static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx192m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 24) {
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        // failsafe may put only a manifest jar on java.class.path; this property has the real one
        cmd.addAll(List.of("-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), mainClass));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Starts {@code cmd} in a node's namespace; {@code ip netns exec} execs it, so the PID is the command's. */
    private static Process start(String node, String logName, List<String> cmd) throws IOException {
        List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", ns(node)));
        argv.addAll(parentDeath);
        argv.addAll(cmd);
        Process p = processBuilder(argv).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(logName).toFile())).start();
        p.getOutputStream().close();
        return p;
    }

    /** Stops what this run started, by PID, then deletes its namespaces (the veths and bridge go with them). */
    private static synchronized void tearDown() {
        List<Process> started;
        synchronized (processes) {
            started = new ArrayList<>(processes.values());
            processes.clear();
        }
        // SIGTERM first: keepalived then gives the VIP up and stops its VRRP child itself
        started.forEach(Process::destroy);
        for (Process p : started) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        for (String ns : namespaces) {
            killAll(ns);
        }
        for (String ns : namespaces) {
            run(10, "ip", "netns", "del", ns);
        }
        namespaces.clear();
        if (dir != null && passed) {
            delete(dir);
        } else if (dir != null) {
            System.out.println("FrontFailoverIT: logs and configurations kept in " + dir);
        }
        dir = null;
    }

    /** Kills what is left in one of this test's namespaces (a check script or curl in flight). */
    private static void killAll(String ns) {
        for (String pid : run(10, "ip", "netns", "pids", ns).out().split("\\s+")) {
            if (!pid.isEmpty()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    /** Removes the namespaces and logs of earlier runs of this test that were killed (their PID is gone). */
    private static void removeLeftovers() throws IOException {
        for (String line : run(10, "ip", "netns", "list").out().split("\n")) {
            String name = line.split(" ")[0];
            if (leftover(name)) {
                killAll(name);
                run(10, "ip", "netns", "del", name);
            }
        }
        try (Stream<Path> dirs = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            for (Path d : dirs.filter(d -> Files.isDirectory(d) && leftover(d.getFileName().toString())).toList()) {
                delete(d);
            }
        }
    }

    private static boolean leftover(String name) {
        Matcher m = OWN_NAME.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }

    /** Deletes a log directory of this test (files only, no subdirectories). */
    private static void delete(Path d) {
        try (Stream<Path> files = Files.list(d)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
            Files.delete(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- the client

    /** The client: one new connection to the VIP every 100 ms, bounded in count and time. */
    private static final class Probe implements Runnable {
        private static final int MAX_REQUESTS = 900;
        private static final long MAX_MS = 90_000;
        private final List<Sample> samples = new CopyOnWriteArrayList<>();
        private volatile boolean stopped;

        /** One request: when it started and ended, and which front answered (null: it failed, see {@code why}). */
        private record Sample(long startMs, long endMs, String front, String why) {
        }

        @Override
        public void run() {
            long end = now() + MAX_MS;
            long next = now();
            for (int i = 0; i < MAX_REQUESTS && !stopped && now() < end; i++) {
                long start = now();
                Result r = request();
                String front = served(r);
                samples.add(new Sample(start, now(), front, front == null ? failure(r) : ""));
                next += 100;
                long wait = next - now();
                if (wait > 0) {
                    sleep(wait);
                } else {
                    next = now();
                }
            }
        }

        private static Result request() {
            return FrontFailoverIT.run(5, "ip", "netns", "exec", ns("client"), "curl", "-s", "--noproxy", "*",
                    "--connect-timeout", "0.3", "-m", "1", "-w", "\n%{http_code}", "http://" + VIP + "/");
        }

        /** Why a request failed, for the diagnostics: curl's exit code (7 refused, 28 timed out) or the status. */
        private static String failure(Result r) {
            int status = r.out().lastIndexOf('\n');
            return r.exit() != 0 ? "curl" + r.exit() : status < 0 ? "?" : r.out().substring(status + 1);
        }

        /** The front that answered, known by the address the web server saw; null on any failure. */
        private static String served(Result r) {
            int status = r.out().lastIndexOf('\n');
            if (r.exit() != 0 || status < 0 || !r.out().substring(status + 1).equals("200")) {
                return null;
            }
            // the web server answers "<address the request came from> <X-Forwarded-For>"
            String[] seen = r.out().substring(0, status).strip().split(" ");
            if (seen.length != 2 || !seen[1].equals(ADDRESS.get("client"))) {
                return null;
            }
            return seen[0].equals(ADDRESS.get("front1")) ? "front1" : seen[0].equals(ADDRESS.get("front2")) ? "front2" : null;
        }

        void stop() {
            stopped = true;
        }

        int count() {
            return samples.size();
        }

        long answersFrom(String front, long fromMs) {
            return samples.stream().filter(s -> s.startMs() >= fromMs && front.equals(s.front())).count();
        }

        /** Start of the first answer from {@code front} that started at {@code fromMs} or later; -1 if none. */
        long firstAnswerFrom(String front, long fromMs) {
            return samples.stream().filter(s -> s.startMs() >= fromMs && front.equals(s.front()))
                    .mapToLong(Sample::startMs).findFirst().orElse(-1);
        }

        /** The requests that failed and ended before {@code ms}. */
        long failedBefore(long ms) {
            return samples.stream().filter(s -> s.endMs() < ms && s.front() == null).count();
        }

        /**
         * The requests that failed between two instants (those in flight at {@code fromMs} count),
         * and the outage: from the start of the first failed one to the start of the next answer.
         */
        Outage failedBetween(long fromMs, long toMs) {
            int failed = 0;
            long gap = 0;
            long failingSince = -1;
            long last = fromMs;
            for (Sample s : samples) {
                if (s.endMs() < fromMs || s.startMs() >= toMs) {
                    continue;
                }
                last = s.startMs();
                if (s.front() == null) {
                    failed++;
                    failingSince = failingSince < 0 ? s.startMs() : failingSince;
                } else if (failingSince >= 0) {
                    gap += s.startMs() - failingSince;
                    failingSince = -1;
                }
            }
            return new Outage(failed, failingSince < 0 ? gap : gap + last - failingSince);
        }

        /** Who answered, in runs, e.g. {@code front1x12 curl7x35 front2x20}. */
        @Override
        public String toString() {
            StringBuilder runs = new StringBuilder();
            String current = "";
            int n = 0;
            for (Sample s : samples) {
                String who = s.front() == null ? s.why() : s.front();
                if (!who.equals(current) && n > 0) {
                    runs.append(current).append('x').append(n).append(' ');
                    n = 0;
                }
                current = who;
                n++;
            }
            return runs.append(current).append('x').append(n).toString();
        }
    }

    private record Outage(int failed, long gapMs) {
    }

    // ---- the web server

    /**
     * The web server behind the fronts, run in its own namespace. It answers with the address the
     * request came from (the front's own) and X-Forwarded-For (the client's), so every answer
     * shows the path it took.
     */
    public static final class EchoServer {
        private EchoServer() {
        }

        /** Listens on {@code args[0]} on every address until killed. */
        public static void main(String[] args) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(Integer.parseInt(args[0])), 64);
            server.createContext("/", exchange -> {
                byte[] body = (exchange.getRemoteAddress().getAddress().getHostAddress() + " "
                        + exchange.getRequestHeaders().getFirst("X-Forwarded-For") + "\n").getBytes(UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/plain");
                exchange.sendResponseHeaders(200, body.length);
                try (var out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }
    }

    // ---- helpers

    private record Result(int exit, String out) {
    }

    private static String ns(String node) {
        return PREFIX + node;
    }

    private static long now() {
        return System.nanoTime() / 1_000_000;
    }

    private static boolean vipOn(String front) {
        return run(5, "ip", "-n", ns(front), "-4", "-o", "addr", "show", "dev", "eth0").out().contains(" " + VIP + "/");
    }

    private static String log(String name) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (IOException e) {
            return "(no " + name + ")";
        }
    }

    private static void skipUnless(boolean ok, String reason) {
        if (!ok) {
            System.out.println("FrontFailoverIT skipped: " + reason);
        }
        Assumptions.assumeTrue(ok, reason);
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static boolean waitUntil(Duration limit, BooleanSupplier condition) {
        long end = now() + limit.toMillis();
        while (!condition.getAsBoolean()) {
            if (now() > end) {
                return false;
            }
            sleep(100);
        }
        return true;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** The JVM finds a program on its own PATH, and {@code ip netns exec} on the child's: both get {@link #PATH}. */
    private static ProcessBuilder processBuilder(List<String> argv) {
        List<String> cmd = new ArrayList<>(argv);
        Programs.which(cmd.get(0)).ifPresent(p -> cmd.set(0, p.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("PATH", PATH);
        return pb;
    }

    private static void mustRun(String... argv) {
        Result r = run(20, argv);
        check(r.exit() == 0, String.join(" ", argv) + " failed: " + r.out());
    }

    private static Result run(int timeoutSeconds, String... argv) {
        try {
            Process p = processBuilder(List.of(argv)).start();
            p.getOutputStream().close();
            // the outputs are small enough for the pipe, and the JDK drains it when the process exits
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", argv));
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
