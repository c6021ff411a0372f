package io.lacquer.front;

import io.lacquer.front.check.HealthChecker;
import io.lacquer.front.config.BindAddress;
import io.lacquer.front.config.FrontConfig;
import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.config.Timeouts;
import io.lacquer.front.route.FrontHandler;
import io.lacquer.front.route.Topology;
import io.lacquer.front.stats.HtmlStatsRenderer;
import io.lacquer.front.stats.PrometheusService;
import io.lacquer.front.stats.PrometheusStatsRenderer;
import io.lacquer.front.stats.StatsCollector;
import io.lacquer.front.stats.StatsHandler;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.XnioWorker;

/**
 * The running front: one listener set per frontend, the backends, health checks and stats, all
 * built from a {@link FrontConfig}.
 *
 * <p>Every frontend shares one pool of I/O threads; requests are routed and forwarded on the
 * I/O thread that accepted them.
 */
public final class FrontServer implements AutoCloseable {
    private final Topology topology;
    private final XnioWorker worker;
    private final Map<String, Undertow> servers = new LinkedHashMap<>();
    private final HealthChecker checker = new HealthChecker();

    private FrontServer(FrontConfig config) {
        this.topology = new Topology(config);
        int threads = config.global().nbthread() > 0 ? config.global().nbthread()
                : Runtime.getRuntime().availableProcessors();
        try {
            this.worker = Xnio.getInstance(Undertow.class.getClassLoader()).createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, threads)
                    .set(Options.WORKER_TASK_CORE_THREADS, 2)
                    .set(Options.WORKER_TASK_MAX_THREADS, 4)
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.WORKER_NAME, "lacquer-front")
                    .getMap());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts listening on every {@code bind} address and starts the health checks.
     *
     * @throws RuntimeException when a port cannot be bound; nothing is left running then
     */
    public static FrontServer start(FrontConfig config) {
        FrontServer f = new FrontServer(config);
        try {
            f.startListeners();
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        f.checker.start(f.topology.backends());
        return f;
    }

    private void startListeners() {
        FrontConfig config = topology.config();
        StatsCollector collector = new StatsCollector(topology);
        HtmlStatsRenderer html = new HtmlStatsRenderer();
        PrometheusService prometheus = new PrometheusService(new PrometheusStatsRenderer(topology));
        for (ProxyConfig p : config.proxies()) {
            if (!p.kind().hasFront()) {
                continue;
            }
            StatsHandler stats = p.stats().enabled() ? new StatsHandler(p.stats(), topology, collector, html) : null;
            FrontHandler handler = new FrontHandler(p, topology, stats, prometheus);
            Timeouts t = p.timeouts();
            Undertow.Builder b = Undertow.builder()
                    .setWorker(worker)
                    .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                    .setSocketOption(Options.BACKLOG, 1024)
                    .setSocketOption(Options.REUSE_ADDRESSES, true);
            if (t.client() > 0) {
                b.setServerOption(UndertowOptions.IDLE_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, t.client()));
            }
            if (t.httpRequest() > 0) {
                b.setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) t.httpRequest());
            }
            long keepAlive = t.httpKeepAlive() > 0 ? t.httpKeepAlive() : t.httpRequest();
            if (keepAlive > 0) {
                b.setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) keepAlive);
            }
            int maxconn = p.maxconn() > 0 ? p.maxconn() : config.global().maxconn();
            if (maxconn > 0) {
                b.setSocketOption(Options.CONNECTION_HIGH_WATER, maxconn);
                b.setSocketOption(Options.CONNECTION_LOW_WATER, maxconn);
            }
            for (BindAddress a : p.binds()) {
                b.addListener(new Undertow.ListenerBuilder().setType(Undertow.ListenerType.HTTP)
                        .setHost(a.listenHost()).setPort(a.port()).setRootHandler(handler));
            }
            Undertow u = b.build();
            servers.put(p.name(), u);
            u.start();
        }
    }

    /** The running proxies. */
    public Topology topology() {
        return topology;
    }

    /** The addresses a frontend actually listens on (ephemeral ports resolved), in bind order. */
    public List<InetSocketAddress> addresses(String frontend) {
        Undertow u = servers.get(frontend);
        List<InetSocketAddress> out = new ArrayList<>();
        if (u != null) {
            for (Undertow.ListenerInfo li : u.getListenerInfo()) {
                out.add((InetSocketAddress) li.getAddress());
            }
        }
        return out;
    }

    /** The first port a frontend listens on. */
    public int port(String frontend) {
        return addresses(frontend).get(0).getPort();
    }

    /** Stops listening, checking and forwarding. */
    @Override
    public void close() {
        checker.close();
        for (Undertow u : servers.values()) {
            try {
                u.stop();
            } catch (RuntimeException e) {
                // a listener that failed to start has nothing to stop
            }
        }
        topology.close();
        worker.shutdownNow();
    }
}
