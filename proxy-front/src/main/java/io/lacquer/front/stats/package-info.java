/**
 * Statistics: one field table ({@link io.lacquer.front.stats.StatField}) rendered as HTML, CSV and
 * Prometheus metrics, served to the local host only.
 *
 * <p>Starting points: {@link io.lacquer.front.stats.StatsCollector} (snapshot of the live state),
 * {@link io.lacquer.front.stats.StatsHandler} (the endpoint), the renderers beside them.
 */
@NullMarked
package io.lacquer.front.stats;

import org.jspecify.annotations.NullMarked;
