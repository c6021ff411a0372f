/**
 * Backends and the HTTP/1.1 client that talks to them: pooled keep-alive connections with
 * connect, first-byte and between-bytes timeouts, and response framing per RFC 9112 §6.3.
 *
 * <p>Starting points: {@link io.lacquer.core.backend.Backend}, {@link io.lacquer.core.backend.Director},
 * {@link io.lacquer.core.backend.BackendConnection}.
 */
package io.lacquer.core.backend;
