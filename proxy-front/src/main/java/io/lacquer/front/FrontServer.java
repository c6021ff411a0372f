package io.lacquer.front;

import io.lacquer.front.check.HealthChecker;
import io.lacquer.front.config.BindAddress;
import io.lacquer.front.config.FrontConfig;
import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.config.Timeouts;
import io.lacquer.front.proxy.ThreadCachedBufferPool;
import io.lacquer.front.route.FrontHandler;
import io.lacquer.front.route.Topology;
import io.lacquer.front.stats.HtmlStatsRenderer;
import io.lacquer.front.stats.PrometheusService;
import io.lacquer.front.stats.PrometheusStatsRenderer;
import io.lacquer.front.stats.StatsCollector;
import io.lacquer.front.stats.StatsHandler;
import io.lacquer.front.route.RequestHeadTimeout;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.protocol.http.HttpOpenListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.Xnio;
import org.xnio.StreamConnection;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

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
    private final Map<String, List<AcceptingChannel<StreamConnection>>> listeners = new LinkedHashMap<>();
    private final List<HttpOpenListener> openListeners = new ArrayList<>();
    /**
     * Direct buffers for request and response I/O, shared by every frontend and backend
     * connection: 16 kept per thread and up to 2048 more in common.
     */
    private final ThreadCachedBufferPool buffers = new ThreadCachedBufferPool(true, 16 * 1024, 2048, 16);
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
            Timeouts t = p.timeouts();
            // as HAProxy: without `timeout http-request`, `timeout client` bounds the request head,
            // and then each wait for a piece of it rather than the whole
            boolean clientStandsIn = t.httpRequest() <= 0;
            long head = clientStandsIn ? t.client() : t.httpRequest();
            RequestHeadTimeout headTimeout = head > 0
                    ? new RequestHeadTimeout(head, t.httpKeepAlive(), topology.frontendCounters(p.name()), clientStandsIn)
                    : null;
            FrontHandler handler = new FrontHandler(p, topology, stats, prometheus, headTimeout);
            OptionMap.Builder undertowOptions = OptionMap.builder()
                    .set(UndertowOptions.ENABLE_HTTP2, false)
                    .set(UndertowOptions.BUFFER_PIPELINED_DATA, true)
                    // bodies stream through, so no size limit, as in HAProxy (Undertow's default is 2 MiB)
                    .set(UndertowOptions.MAX_ENTITY_SIZE, -1L);
            // `timeout client` is applied by the request head timeout and by the forwarder (to a
            // response the client does not take); Undertow 2.4's IDLE_TIMEOUT never arms its conduit
            long keepAlive = t.httpKeepAlive() > 0 ? t.httpKeepAlive() : t.client();
            if (keepAlive > 0) {
                undertowOptions.set(UndertowOptions.NO_REQUEST_TIMEOUT, (int) Math.min(Integer.MAX_VALUE, keepAlive));
            }
            HttpOpenListener open = new HttpOpenListener(buffers, undertowOptions.getMap());
            open.setRootHandler(handler);
            ChannelListener<StreamConnection> onOpen = headTimeout == null ? open : headTimeout.wrap(open);
            OptionMap.Builder socket = OptionMap.builder()
                    .set(Options.TCP_NODELAY, true)
                    .set(Options.REUSE_ADDRESSES, true)
                    .set(Options.BALANCING_TOKENS, 1)
                    .set(Options.BALANCING_CONNECTIONS, 2)
                    .set(Options.BACKLOG, 1024);
            int maxconn = p.maxconn() > 0 ? p.maxconn() : config.global().maxconn();
            if (maxconn > 0) {
                // past maxconn, connections wait in the kernel's backlog, as in HAProxy
                socket.set(Options.CONNECTION_HIGH_WATER, maxconn).set(Options.CONNECTION_LOW_WATER, maxconn);
            }
            List<AcceptingChannel<StreamConnection>> channels = new ArrayList<>();
            for (BindAddress a : p.binds()) {
                try {
                    AcceptingChannel<StreamConnection> ch = worker.createStreamConnectionServer(
                            new InetSocketAddress(a.listenHost(), a.port()),
                            ChannelListeners.openListenerAdapter(onOpen), socket.getMap());
                    ch.resumeAccepts();
                    channels.add(ch);
                } catch (IOException e) {
                    channels.forEach(IoUtils::safeClose);
                    throw new UncheckedIOException("cannot bind " + p.kind().keyword() + " '" + p.name() + "' to "
                            + a.listenHost() + ":" + a.port() + ": " + e.getMessage(), e);
                }
            }
            listeners.put(p.name(), channels);
            openListeners.add(open);
        }
    }

    /** The running proxies. */
    public Topology topology() {
        return topology;
    }

    /** The addresses a frontend actually listens on (ephemeral ports resolved), in bind order. */
    public List<InetSocketAddress> addresses(String frontend) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (AcceptingChannel<StreamConnection> ch : listeners.getOrDefault(frontend, List.of())) {
            out.add(ch.getLocalAddress(InetSocketAddress.class));
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
        listeners.values().forEach(l -> l.forEach(IoUtils::safeClose));
        openListeners.forEach(HttpOpenListener::closeConnections);
        topology.close();
        worker.shutdownNow();
        buffers.close();
    }
}
