package io.lacquer.admin;

import io.lacquer.admin.cli.AdminContext;
import io.lacquer.core.CacheServer;
import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.probe.BackendProbe;
import io.lacquer.core.ban.BanList;
import io.lacquer.core.config.Params;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.vcl.registry.VclRegistry;

import java.util.List;

import static java.util.Objects.requireNonNull;

/** The management port's view of a running cache node. */
public final class NodeAdmin implements AdminContext {
    private final CacheServer server;
    private final List<String[]> stores;
    private final VclRegistry policies;
    private final VclProgram builtin;

    /**
     * A view of {@code server}, whose stores are {@code stores} (name, type) as {@code storage.list}
     * shows them, whose policies are in {@code policies} (null for none), and whose builtin
     * {@code boot} policy over {@code -b} is {@code builtin} (null when it was started with {@code -f}).
     */
    public NodeAdmin(CacheServer server, List<String[]> stores, VclRegistry policies, VclProgram builtin) {
        this.server = requireNonNull(server, "server");
        this.stores = List.copyOf(stores);
        this.policies = policies;
        this.builtin = builtin;
    }

    /** A view of a node that runs the builtin policy and loads no other. */
    public NodeAdmin(CacheServer server, List<String[]> stores) {
        this(server, stores, null, server.activeVcl());
    }

    @Override
    public VclProgram builtin() {
        return builtin;
    }

    @Override
    public boolean builtinActive() {
        return builtin != null && server.activeVcl() == builtin;
    }

    @Override
    public void useBuiltin() {
        server.use(builtin);
        if (policies != null) {
            policies.deactivate();
        }
    }

    @Override
    public VclRegistry policies() {
        return policies;
    }

    @Override
    public Params params() {
        return server.params();
    }

    @Override
    public List<Backend> backends() {
        if (policies != null && policies.active() != null && !builtinActive()) {
            return policies.active().declarations().backends();
        }
        return server.backends();
    }

    @Override
    public BackendProbe probe(Backend backend) {
        if (policies == null || policies.active() == null || builtinActive()) {
            return null;
        }
        for (BackendProbe p : policies.active().declarations().probes()) {
            if (p.backend() == backend) {
                return p;
            }
        }
        return null;
    }

    @Override
    public String activeVcl() {
        return server.activeVcl().name();
    }

    @Override
    public List<String[]> stores() {
        return stores;
    }

    @Override
    public boolean running() {
        return server.isListening();
    }

    @Override
    public boolean start() {
        return server.startListening();
    }

    @Override
    public boolean stop() {
        return server.stopListening();
    }

    @Override
    public int purgeTag(String tag) {
        return server.purgeTag(tag);
    }

    @Override
    public BanList bans() {
        return server.bans();
    }

    @Override
    public String storageFlags() {
        StringBuilder sb = new StringBuilder();
        for (String[] s : stores) {
            sb.append(sb.length() == 0 ? "" : ",").append("-s").append(s[1]);
        }
        return sb.toString();
    }
}
