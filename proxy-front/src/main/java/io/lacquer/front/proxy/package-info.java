/**
 * Forwarding plumbing over Undertow's proxy handler: server assignment, retries, redispatch,
 * {@code maxconn} queueing and pooled keep-alive connections.
 *
 * <p>Starting points: {@link io.lacquer.front.proxy.BackendProxyClient},
 * {@link io.lacquer.front.proxy.Routing} (per-request state).
 */
@NullMarked
package io.lacquer.front.proxy;

import org.jspecify.annotations.NullMarked;
