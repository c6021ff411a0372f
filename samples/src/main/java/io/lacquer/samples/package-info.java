/**
 * The sample deployment, runnable on one machine: a sample site and a Lacquer cache node in front
 * of it, on loopback.
 *
 * <p>Starting points: {@link io.lacquer.samples.SampleCluster} (the main job),
 * {@link io.lacquer.samples.SampleSite} (the embedded origin).
 */
package io.lacquer.samples;
