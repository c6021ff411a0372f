package io.lacquer.core;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.ban.BanList;
import io.lacquer.core.ban.BanLurker;
import io.lacquer.core.purge.TagIndex;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.fsm.RequestFsm;
import io.lacquer.core.hash.HashTable;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.stats.Metrics;
import io.lacquer.core.transport.ClientHandler;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.storage.ObjectStore;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.accesslog.AccessLogHandler;
import io.undertow.server.handlers.accesslog.DefaultAccessLogReceiver;
import io.undertow.util.Headers;
import org.xnio.Options;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.Objects.requireNonNull;

/**
 * A cache node: listens for clients, serves them through the request state machine under the
 * active policy, and optionally serves Prometheus metrics on a second address.
 *
 * <pre>{@code
 * CacheServer node = CacheServer.builder()
 *         .listen("127.0.0.1", 6081)
 *         .store(StorageSpec.DEFAULT.open(counters))
 *         .counters(counters)
 *         .vcl(params -> new BuiltinVcl("boot", backend))
 *         .build();
 * node.start();
 * }</pre>
 */
public final class CacheServer implements AutoCloseable {
    private final Builder config;
    private final AtomicReference<VclProgram> active = new AtomicReference<>();
    private final ExecutorService fetches;
    private final Metrics metrics;
    private final HashTable table;
    private final BanList bans;
    private final BanLurker lurker;
    private final TagIndex tags;
    private final java.util.concurrent.ScheduledExecutorService housekeeping;
    private Undertow server;
    private boolean listening;
    private Undertow metricsServer;
    private DefaultAccessLogReceiver accessLog;
    private ExecutorService logWriter;

    private CacheServer(Builder b) {
        this.config = b;
        this.bans = new BanList(b.counters, b.store);
        this.lurker = new BanLurker(bans, b.params);
        this.tags = new TagIndex();
        this.table = new HashTable(b.store, bans, tags, b.counters);
        this.housekeeping = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "lacquer-tags");
            t.setDaemon(true);
            return t;
        });
        // a persistent store brings its objects back: file their tags, then keep the index clean
        housekeeping.execute(() -> tags.rebuild(b.store));
        housekeeping.scheduleWithFixedDelay(() -> tags.sweep(b.store), 60, 60, TimeUnit.SECONDS);
        b.counters.objectCount(b.store::objectCount);
        this.metrics = new Metrics(b.counters);
        metrics.store(b.store);
        metrics.backends(this::backends);
        this.active.set(requireNonNull(b.vcl, "vcl"));
        AtomicInteger n = new AtomicInteger();
        this.fetches = new ThreadPoolExecutor(0, b.maxFetches, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "lacquer-fetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder with Varnish's defaults: all interfaces, port 6081, parameters at their defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Binds the listeners and starts serving. */
    public synchronized CacheServer start() {
        Params params = config.params;
        RequestFsm fsm = new RequestFsm(table, params, config.counters, fetches, active::get);
        HttpHandler handler = new ClientHandler(fsm, params, config.counters);
        if (config.accessLog != null) {
            // the receiver batches lines and writes them on its own thread, never on an I/O thread
            logWriter = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "lacquer-access-log");
                t.setDaemon(true);
                return t;
            });
            accessLog = new DefaultAccessLogReceiver(logWriter, config.accessLog.getParent().toFile(),
                    baseName(config.accessLog), suffix(config.accessLog), false);
            handler = new AccessLogHandler(handler, accessLog, "combined", CacheServer.class.getClassLoader());
        }
        int idleMillis = (int) Math.min(Integer.MAX_VALUE, params.millis(Param.TIMEOUT_IDLE));
        server = Undertow.builder()
                .addHttpListener(config.port, config.host)
                .setIoThreads(params.intValue(Param.IO_THREADS) > 0 ? params.intValue(Param.IO_THREADS) : config.ioThreads)
                .setWorkerThreads(params.intValue(Param.WORKER_THREADS))
                .setServerOption(UndertowOptions.MAX_HEADER_SIZE, ClientHandler.PARSER_LIMIT)
                .setServerOption(UndertowOptions.MAX_HEADERS, params.intValue(Param.HTTP_MAX_HDR))
                .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, idleMillis)
                // as varnishd, timeout_idle also bounds a request head that has begun: no slow-header client holds on
                .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, idleMillis)
                .setServerOption(UndertowOptions.ALWAYS_SET_KEEP_ALIVE, false)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, false)
                // request bodies stream to the backend: no size limit, as in varnishd (Undertow's default is 2 MiB)
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, -1L)
                .setSocketOption(Options.BACKLOG, 1024)
                .setHandler(handler)
                .build();
        server.start();
        listening = true;
        if (config.metricsPort >= 0) {
            metricsServer = Undertow.builder()
                    .addHttpListener(config.metricsPort, config.metricsHost)
                    .setIoThreads(1)
                    .setWorkerThreads(1)
                    .setHandler(exchange -> {
                        if (!exchange.getRequestPath().equals("/metrics")) {
                            exchange.setStatusCode(404);
                            exchange.getResponseSender().send("Try /metrics\n");
                            return;
                        }
                        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, Metrics.CONTENT_TYPE);
                        exchange.getResponseSender().send(metrics.scrape());
                    })
                    .build();
            metricsServer.start();
        }
        return this;
    }

    /** Stops accepting clients ({@code stop} on the CLI); stored objects stay. False when already stopped. */
    public synchronized boolean stopListening() {
        if (server == null || !listening) {
            return false;
        }
        server.stop();
        listening = false;
        return true;
    }

    /** Accepts clients again on the same address ({@code start}). False when already listening. */
    public synchronized boolean startListening() {
        if (server == null || listening) {
            return false;
        }
        server.start();
        listening = true;
        return true;
    }

    /** Whether clients are being accepted. */
    public synchronized boolean isListening() {
        return server != null && listening;
    }

    /** The backends the node owns. */
    public java.util.List<Backend> backends() {
        return config.backends;
    }

    /** The address clients connect to (with the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    }

    /** The metrics address, or null when metrics are off. */
    public InetSocketAddress metricsAddress() {
        return metricsServer == null ? null : (InetSocketAddress) metricsServer.getListenerInfo().get(0).getAddress();
    }

    /** The node's bans. */
    public BanList bans() {
        return bans;
    }

    /** Removes every stored object tagged {@code tag} ({@code xkey}, {@code Surrogate-Key}); returns how many. */
    public int purgeTag(String tag) {
        int n = tags.purge(tag, config.store);
        config.counters.inc(io.lacquer.core.stats.Counter.N_PURGES);
        config.counters.add(io.lacquer.core.stats.Counter.N_OBJ_PURGED, n);
        return n;
    }

    /** The node's counters. */
    public Counters counters() {
        return config.counters;
    }

    /** The node's metrics registry. */
    public Metrics metrics() {
        return metrics;
    }

    /** The run-time parameters. */
    public Params params() {
        return config.params;
    }

    /** The policy new requests start with. */
    public VclProgram activeVcl() {
        return active.get();
    }

    /** Makes {@code vcl} the policy for new requests; requests in flight finish on theirs. */
    public void use(VclProgram vcl) {
        active.set(requireNonNull(vcl, "vcl"));
    }

    /** Stops listening and releases the store and backend connections. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop();
            server = null;
        }
        if (metricsServer != null) {
            metricsServer.stop();
            metricsServer = null;
        }
        fetches.shutdownNow();
        lurker.close();
        housekeeping.shutdownNow();
        config.backends.forEach(Backend::close);
        if (accessLog != null) {
            try {
                accessLog.close();
            } catch (java.io.IOException ignored) {
                // the log is flushed on each line; nothing is lost by a failed close
            }
            logWriter.shutdown();
        }
        config.store.close();
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot + 1) : name + ".";
    }

    private static String suffix(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(dot + 1) : "log";
    }

    /** Builds a {@link CacheServer}; each setting may be given once. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 6081;
        private String metricsHost;
        private int metricsPort = -1;
        private ObjectStore store;
        private Counters counters = new Counters();
        private Params params = new Params();
        private VclProgram vcl;
        private List<Backend> backends = List.of();
        private Path accessLog;
        private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        private int maxFetches = 1000;

        private Builder() {
        }

        /** The client listen address ({@code -a}); port 0 picks a free one. */
        public Builder listen(String host, int port) {
            this.host = requireNonNull(host, "host");
            this.port = port;
            return this;
        }

        /** Serves {@code /metrics} on this address ({@code -M}); off when not called. */
        public Builder metrics(String host, int port) {
            this.metricsHost = requireNonNull(host, "host");
            this.metricsPort = port;
            return this;
        }

        /** The object store; required. */
        public Builder store(ObjectStore store) {
            this.store = requireNonNull(store, "store");
            return this;
        }

        /** The counters the store was opened with, so its evictions are counted. */
        public Builder counters(Counters counters) {
            this.counters = requireNonNull(counters, "counters");
            return this;
        }

        /** Run-time parameters. */
        public Builder params(Params params) {
            this.params = requireNonNull(params, "params");
            return this;
        }

        /** The policy to start with; required. */
        public Builder vcl(VclProgram vcl) {
            this.vcl = requireNonNull(vcl, "vcl");
            return this;
        }

        /** The backends the node owns, closed with it. */
        public Builder backends(List<Backend> backends) {
            this.backends = List.copyOf(backends);
            return this;
        }

        /** Writes an NCSA combined access log to this file; off when not called. */
        public Builder accessLog(Path file) {
            this.accessLog = requireNonNull(file, "file").toAbsolutePath();
            return this;
        }

        /** Event-loop threads when {@code io_threads} is 0 (default: one per core, at least 2). */
        public Builder ioThreads(int n) {
            this.ioThreads = n;
            return this;
        }

        /** The node. */
        public CacheServer build() {
            if (store == null) {
                throw new IllegalStateException("store was not set");
            }
            if (vcl == null) {
                throw new IllegalStateException("vcl was not set");
            }
            return new CacheServer(this);
        }
    }
}
