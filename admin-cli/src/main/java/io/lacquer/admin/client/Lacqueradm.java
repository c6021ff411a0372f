package io.lacquer.admin.client;

import io.lacquer.admin.NodeConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code lacqueradm}: sends management commands to cache nodes. With one {@code -T} it behaves as
 * varnishadm: the command from the arguments (one-shot) or lines from standard input
 * (interactive). With several {@code -T} (or a comma-separated list) it sends each command to
 * every node, prints each node's answer under its address, and fails when any node failed: a
 * ban that did not reach every node is a failed ban.
 */
@Command(name = "lacqueradm", separator = " ", description = "Send management commands to Lacquer cache nodes.")
public final class Lacqueradm implements Callable<Integer> {
    @Option(names = "-T", paramLabel = "host:port", description = "A node's management address; repeat, or separate with commas, for a cluster (default 127.0.0.1:6082).")
    private List<String> targets = new ArrayList<>();

    @Option(names = "-S", paramLabel = "file", description = "The secret file.")
    private Path secret;

    @Option(names = "-t", paramLabel = "seconds", description = "How long to wait for an answer (default 5).")
    private double timeout = 5;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;

    @Parameters(paramLabel = "command", description = "The command and its arguments; without one, commands are read from standard input.")
    private List<String> command = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    Lacqueradm(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Runs {@code lacqueradm}: exit 0 when every node succeeded, 1 when one failed, 2 on a usage error. */
    public static void main(String[] args) {
        CommandLine cmd = new CommandLine(new Lacqueradm(System.out, System.err));
        cmd.setParameterExceptionHandler((e, a) -> {
            System.err.println("lacqueradm: " + e.getMessage());
            return 2;
        });
        System.exit(cmd.execute(args));
    }

    @Override
    public Integer call() throws IOException {
        List<InetSocketAddress> nodes = new ArrayList<>();
        for (String t : targets.isEmpty() ? List.of("127.0.0.1:6082") : targets) {
            for (String one : t.split(",")) {
                InetSocketAddress a = NodeConfig.address(one, 6082);
                nodes.add(new InetSocketAddress(a.getHostString(), a.getPort()));
            }
        }
        int millis = (int) Math.max(1, timeout * 1000);
        if (!command.isEmpty()) {
            return run(nodes, String.join(" ", command), millis) ? 0 : 1;
        }
        boolean allOk = true;
        BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = stdin.readLine(); line != null; line = stdin.readLine()) {
            if (!line.isBlank()) {
                allOk &= run(nodes, line, millis);
            }
        }
        return allOk ? 0 : 1;
    }

    /** Sends {@code line} to every node; prints the answers; true when all succeeded. */
    private boolean run(List<InetSocketAddress> nodes, String line, int millis) {
        boolean cluster = nodes.size() > 1;
        int failed = 0;
        for (InetSocketAddress node : nodes) {
            String name = node.getHostString() + ":" + node.getPort();
            try (CliClient client = CliClient.connect(node, secret, millis)) {
                CliClient.Answer a = client.send(line);
                if (cluster) {
                    out.println("== " + name + ": " + a.status());
                }
                out.println(a.body());
                if (!a.ok()) {
                    failed++;
                    err.println((cluster ? name + ": " : "") + "Command failed with error code " + a.status());
                }
            } catch (IOException e) {
                failed++;
                if (cluster) {
                    out.println("== " + name + ": unreachable");
                }
                err.println((cluster ? name + ": " : "") + e.getMessage());
            }
        }
        if (cluster) {
            out.println((nodes.size() - failed) + " of " + nodes.size() + " nodes succeeded");
        }
        return failed == 0;
    }
}
