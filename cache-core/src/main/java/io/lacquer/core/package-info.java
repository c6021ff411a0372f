/**
 * The caching engine of a Lacquer node: Varnish's request flow on Undertow.
 *
 * <p>Starting points: {@link io.lacquer.core.CacheServer} (build and start a node),
 * {@link io.lacquer.core.vcl.VclProgram} (the policy SPI), {@link io.lacquer.core.fsm.RequestFsm}
 * (the client-side state machine), {@link io.lacquer.core.fetch.FetchFsm} (the backend side).
 */
package io.lacquer.core;
