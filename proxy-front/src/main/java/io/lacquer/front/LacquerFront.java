package io.lacquer.front;

import io.lacquer.front.config.ConfigException;
import io.lacquer.front.config.ConfigParser;
import io.lacquer.front.config.FrontConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code lacquer-front} command: checks ({@code -c}) or runs ({@code -f}) a configuration,
 * with HAProxy's flags.
 */
@Command(name = "lacquer-front", mixinStandardHelpOptions = true, version = "lacquer-front 0.1.0",
        description = "The HAProxy-style front tier of Lacquer.")
public final class LacquerFront implements Callable<Integer> {
    /**
     * Undertow's proxy logs a stack trace per failed request; the front logs one line per failed
     * request itself. Held here because the logging framework only keeps weak references.
     */
    private static final java.util.logging.Logger UNDERTOW_PROXY_LOG = java.util.logging.Logger.getLogger("io.undertow.proxy");

    @Option(names = "-f", paramLabel = "FILE", required = true, description = "configuration file")
    private Path file;

    @Option(names = "-c", description = "check the configuration and exit (0 valid, 1 invalid)")
    private boolean checkOnly;

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        System.setProperty("org.jboss.logging.provider", "jdk");
        UNDERTOW_PROXY_LOG.setLevel(java.util.logging.Level.OFF);
        System.exit(new CommandLine(new LacquerFront()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = new PrintWriter(System.err, true);
        FrontConfig config;
        try {
            config = ConfigParser.parse(file);
        } catch (ConfigException e) {
            err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : " + e.alert());
            err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : Fatal errors found in configuration.");
            return 1;
        }
        if (checkOnly) {
            System.out.println("Configuration file is valid");
            return 0;
        }
        FrontServer server;
        try {
            server = FrontServer.start(config);
        } catch (RuntimeException e) {
            err.println("[ALERT]    (" + ProcessHandle.current().pid() + ") : Starting proxies: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "lacquer-front-stop"));
        for (var p : config.proxies()) {
            if (p.kind().hasFront()) {
                err.println("lacquer-front: " + p.kind().keyword() + " '" + p.name() + "' listening on "
                        + server.addresses(p.name()).stream().map(a -> a.getHostString() + ":" + a.getPort())
                                .collect(java.util.stream.Collectors.joining(", ")));
            }
        }
        stopped.await();
        return 0;
    }
}
