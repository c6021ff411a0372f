/**
 * Health probes (Varnish's {@code cache_backend_probe.c}): a request sent to a backend at an
 * interval, a window of recent results, and a threshold of good ones that makes it healthy.
 *
 * <p>Starting points: {@link io.lacquer.core.backend.probe.ProbeSpec} (the declaration, with
 * Varnish's defaults), {@link io.lacquer.core.backend.probe.BackendProbe} (one probe running
 * against one backend).
 */
package io.lacquer.core.backend.probe;
