package io.lacquer.core.stats;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's Prometheus registry: every {@link Counter} as {@code lacquer_main_<name>}, plus
 * {@code lacquer_hit_ratio}. Names do not depend on the active policy, so they stay stable across
 * policy reloads.
 */
public final class Metrics {
    /** The content type of {@link #scrape()}. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

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

    /** The registry, for callers that add meters of their own. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }
}
