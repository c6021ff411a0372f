/**
 * The HTTP side facing clients: the only package that touches Undertow's server API. It accepts
 * requests, hands them to the request state machine, and writes responses: stored bodies straight
 * from their buffers, streaming bodies as they arrive, synthetic pages.
 *
 * <p>Starting points: {@link io.lacquer.core.transport.ClientHandler},
 * {@link io.lacquer.core.transport.Responder}.
 */
package io.lacquer.core.transport;
