package io.lacquer.admin;

import io.lacquer.admin.cli.AdminServer;
import io.lacquer.core.CacheServer;
import io.lacquer.core.backend.Backend;
import io.lacquer.core.config.Params;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.fsm.RequestFsm;
import io.lacquer.core.vcl.BuiltinVcl;
import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.registry.VclRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** A running cache node, built from a {@link NodeConfig}: the one place the pieces are wired. */
public final class Node implements AutoCloseable {
    private final CacheServer server;
    private final VclRegistry registry;

    private AdminServer admin;

    private Node(CacheServer server, VclRegistry registry) {
        this.server = server;
        this.registry = registry;
    }

    /** Builds and starts the node; throws with a clear message when it cannot. */
    public static Node start(NodeConfig config) throws IOException {
        Files.createDirectories(config.workDir());
        Params params = new Params();
        config.params().forEach(params::set);
        Counters counters = new Counters();
        // every node has a registry, so that policies can be loaded at run time (vcl.load)
        VclRegistry registry = new VclRegistry(new VclCompiler(new VclEnvironment(params, counters, RequestFsm.IDENTITY,
                VclEnvironment.DEFAULT_BUDGET_MILLIS)));
        BuiltinVcl builtin = null;
        CacheServer.Builder builder = CacheServer.builder()
                .listen(config.listen().getHostString(), config.listen().getPort())
                .params(params)
                .counters(counters);
        if (config.policy() != null) {
            // -f: the policy declares the backends; it is loaded as "boot", as varnishd does
            try {
                registry.load("boot", config.policy());
            } catch (VclCompileException e) {
                registry.close();
                throw new IOException("-f " + config.policy() + ": the policy does not load:\n" + e.getMessage(), e);
            }
            registry.use("boot");
            builder.vcl(registry.active());
        } else {
            // -b: the builtin policy over that backend is "boot", kept outside the registry
            Backend backend = new Backend(config.backend(), params, counters);
            builtin = new BuiltinVcl("boot", backend);
            builder.backends(List.of(backend)).vcl(builtin);
        }
        builder.store(config.storage().open(counters));
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
            registry.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IOException("cannot listen on " + config.listen().getHostString() + ":" + config.listen().getPort()
                    + ": " + cause.getMessage(), e);
        }
        registry.engine(server::use);
        List<String[]> stores = new java.util.ArrayList<>();
        List<io.lacquer.storage.StorageSpec> tiers = config.storage().tiers().isEmpty()
                ? List.of(config.storage()) : config.storage().tiers();
        for (io.lacquer.storage.StorageSpec tier : tiers) {
            stores.add(new String[] {tier.name(), tier.type().name().toLowerCase(java.util.Locale.ROOT)});
        }
        NodeAdmin view = new NodeAdmin(server, stores, registry, builtin);
        // the metrics show the backends of whichever policy is active, as backend.list does
        server.metrics().backends(view::backends);
        Node node = new Node(server, registry);
        if (config.admin() != null) {
            try {
                if (config.secret() != null) {
                    SecretFile.ensure(config.secret());
                }
                node.admin = AdminServer.start(new java.net.InetSocketAddress(config.admin().getHostString(),
                        config.admin().getPort()), config.secret(), view);
            } catch (IOException e) {
                node.close();
                throw e;
            }
        }
        return node;
    }

    /** The management port, or null when there is none. */
    public AdminServer admin() {
        return admin;
    }

    /** The policies loaded ({@code -f} and {@code vcl.load}); a node over {@code -b} keeps its builtin outside. */
    public VclRegistry policies() {
        return registry;
    }

    /** The cache server. */
    public CacheServer server() {
        return server;
    }

    @Override
    public void close() {
        if (admin != null) {
            admin.close();
        }
        server.close();
        registry.close();
    }
}
