/**
 * Forwarding over Undertow's HTTP client: sending requests with HAProxy's forwarded headers,
 * relaying bodies, {@code timeout server}, server assignment, retries, redispatch,
 * {@code maxconn} queueing and pooled keep-alive connections.
 *
 * <p>Starting points: {@link io.lacquer.front.proxy.Forwarder},
 * {@link io.lacquer.front.proxy.BackendProxyClient}, {@link io.lacquer.front.proxy.Routing}
 * (per-request state).
 */
@NullMarked
package io.lacquer.front.proxy;

import org.jspecify.annotations.NullMarked;
