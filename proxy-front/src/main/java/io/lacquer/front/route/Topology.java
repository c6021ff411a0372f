package io.lacquer.front.route;

import io.lacquer.front.config.FrontConfig;
import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.server.HttpCounters;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Every running proxy of a configuration: the frontends' counters and the backends' runtimes,
 * in file order. Stats read it; handlers route through it.
 */
public final class Topology {
    private final FrontConfig config;
    private final Map<String, HttpCounters> frontends = new LinkedHashMap<>();
    private final Map<String, BackendRuntime> backends = new LinkedHashMap<>();
    private final long startedAt = System.currentTimeMillis();

    /** Builds the runtimes of every section. */
    public Topology(FrontConfig config) {
        this.config = config;
        for (ProxyConfig p : config.proxies()) {
            if (p.kind().hasFront()) {
                frontends.put(p.name(), new HttpCounters());
            }
            if (p.kind().hasBack()) {
                backends.put(p.name(), new BackendRuntime(p));
            }
        }
    }

    /** The configuration it was built from. */
    public FrontConfig config() {
        return config;
    }

    /** The counters of a frontend (or listen section's front side). */
    public HttpCounters frontendCounters(String name) {
        return frontends.get(name);
    }

    /** The backend (or listen section's back side) with this name, or null. */
    public @Nullable BackendRuntime backend(String name) {
        return backends.get(name);
    }

    /** Every backend runtime in file order. */
    public List<BackendRuntime> backends() {
        return new ArrayList<>(backends.values());
    }

    /** When the process started, in epoch milliseconds. */
    public long startedAt() {
        return startedAt;
    }

    /** Closes the backends' connection pools. */
    public void close() {
        backends.values().forEach(BackendRuntime::close);
    }
}
