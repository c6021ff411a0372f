/**
 * The seed's cluster, runnable on one machine: two fronts, two cache nodes, and the static and
 * WordPress-like web servers behind them, on loopback.
 *
 * <p>Starting points: {@link io.lacquer.samples.SampleCluster} (the main job),
 * {@link io.lacquer.samples.cluster} (its port layout and the shipped configurations),
 * {@link io.lacquer.samples.web} (the web servers).
 */
package io.lacquer.samples;
