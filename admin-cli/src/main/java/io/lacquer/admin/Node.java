package io.lacquer.admin;

import io.lacquer.core.CacheServer;
import io.lacquer.core.backend.Backend;
import io.lacquer.core.config.Params;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.vcl.BuiltinVcl;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** A running cache node, built from a {@link NodeConfig}: the one place the pieces are wired. */
public final class Node implements AutoCloseable {
    private final CacheServer server;

    private Node(CacheServer server) {
        this.server = server;
    }

    /** Builds and starts the node; throws with a clear message when it cannot. */
    public static Node start(NodeConfig config) throws IOException {
        Files.createDirectories(config.workDir());
        Params params = new Params();
        config.params().forEach(params::set);
        Counters counters = new Counters();
        Backend backend = new Backend(config.backend(), params, counters);
        CacheServer.Builder builder = CacheServer.builder()
                .listen(config.listen().getHostString(), config.listen().getPort())
                .params(params)
                .counters(counters)
                .store(config.storage().open(counters))
                .backends(List.of(backend))
                .vcl(new BuiltinVcl("boot", backend));
        if (config.metrics() != null) {
            builder.metrics(config.metrics().getHostString(), config.metrics().getPort());
        }
        if (config.accessLog() != null) {
            builder.accessLog(config.accessLog());
        }
        CacheServer server = builder.build();
        try {
            server.start();
        } catch (RuntimeException e) {
            server.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot listen on " + config.listen().getHostString() + ":" + config.listen().getPort()
                    + ": " + cause.getMessage(), e);
        }
        return new Node(server);
    }

    /** The cache server. */
    public CacheServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
