/**
 * The test kit shared by every module's end-to-end tests (published as cache-core's test jar):
 * scripted origins on real sockets, a raw HTTP client for exact bytes, and a cache node launcher.
 *
 * <p>Starting points: {@link io.lacquer.core.testkit.ScriptedOrigin}, {@link io.lacquer.core.testkit.TestNode},
 * {@link io.lacquer.core.testkit.RawHttp}, {@link io.lacquer.core.testkit.HeldRequest}.
 */
package io.lacquer.core.testkit;
