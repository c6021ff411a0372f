/**
 * The node's counters (varnishstat's MAIN group) and their Prometheus export.
 *
 * <p>Starting points: {@link io.lacquer.core.stats.Counter} (the one table),
 * {@link io.lacquer.core.stats.Counters} (the live values), {@link io.lacquer.core.stats.Metrics}.
 */
package io.lacquer.core.stats;
