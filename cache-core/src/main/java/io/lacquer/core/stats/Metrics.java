package io.lacquer.core.stats;

import io.lacquer.core.backend.Backend;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StoreStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The node's Prometheus registry: every {@link Counter} as {@code lacquer_main_<name>}, plus
 * {@code lacquer_hit_ratio}, the store's {@code lacquer_sma_*} figures and each backend's health,
 * {@code lacquer_backend_healthy{backend="<name>"}} (varnishstat's {@code VBE.*.happy}). Names and
 * labels do not depend on the policy's name, so they stay stable across policy reloads.
 */
public final class Metrics {
    /** The content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MultiGauge backendHealth = MultiGauge.builder("lacquer.backend.healthy")
            .description("Whether the backend is healthy (1) or sick (0), by its probe or its set health")
            .register(registry);
    private volatile Supplier<List<Backend>> backends = List::of;

    /** A registry reading from {@code counters}. */
    public Metrics(Counters counters) {
        for (Counter c : Counter.values()) {
            String name = "lacquer.main." + c.id();
            if (c.kind() == Counter.Kind.COUNTER) {
                FunctionCounter.builder(name, counters, k -> k.get(c)).description(c.description()).register(registry);
            } else {
                Gauge.builder(name, counters, k -> k.get(c)).description(c.description()).strongReference(true)
                        .register(registry);
            }
        }
        Gauge.builder("lacquer.hit.ratio", counters, Counters::hitRatio)
                .description("Cache hits over hits plus misses since start").strongReference(true).register(registry);
    }

    /**
     * Exports each tier of {@code store} as varnishstat's SMA group does:
     * {@code lacquer_sma_<field>{type="<store name>"}} for g_bytes, g_space, c_req, c_fail, c_bytes
     * and c_freed, plus c_corrupt (entries dropped for a failed checksum).
     */
    public void store(ObjectStore store) {
        List<StoreStats> tiers = store.stats();
        for (int i = 0; i < tiers.size(); i++) {
            int tier = i;
            String type = tiers.get(i).name();
            gauge("g_bytes", "Bytes outstanding", type, store, s -> s.stats().get(tier).gBytes());
            gauge("g_space", "Bytes available", type, store, s -> s.stats().get(tier).gSpace());
            counter("c_req", "Allocator requests", type, store, s -> s.stats().get(tier).cReq());
            counter("c_fail", "Allocator failures", type, store, s -> s.stats().get(tier).cFail());
            counter("c_bytes", "Bytes allocated", type, store, s -> s.stats().get(tier).cBytes());
            counter("c_freed", "Bytes freed", type, store, s -> s.stats().get(tier).cFreed());
            counter("c_corrupt", "Stored entries found damaged and dropped", type, store, s -> s.stats().get(tier).cCorrupt());
        }
    }

    private void gauge(String field, String description, String type, ObjectStore store, ToDoubleFunction<ObjectStore> f) {
        Gauge.builder("lacquer.sma." + field, store, f).description(description).tag("type", type).strongReference(true)
                .register(registry);
    }

    private void counter(String field, String description, String type, ObjectStore store, ToDoubleFunction<ObjectStore> f) {
        FunctionCounter.builder("lacquer.sma." + field, store, f).description(description).tag("type", type).register(registry);
    }

    /** Where the backends of the active policy come from; asked at every scrape, as a reload changes them. */
    public void backends(Supplier<List<Backend>> active) {
        this.backends = active;
    }

    /** The registry, for callers that add meters of their own. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        synchronized (backendHealth) {
            backendHealth.register(backends.get().stream()
                    .map(b -> MultiGauge.Row.of(Tags.of("backend", b.name()), b, x -> x.healthy() ? 1 : 0))
                    .toList(), true);
        }
        return registry.scrape();
    }
}
