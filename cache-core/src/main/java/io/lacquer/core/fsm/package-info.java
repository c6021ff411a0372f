/**
 * The client side of a request: Varnish's request state machine ({@code cache_req_fsm.c}), one
 * step per state, each calling its policy subroutine, whose action picks the next step.
 *
 * <p>Starting points: {@link io.lacquer.core.fsm.RequestFsm}, {@link io.lacquer.core.fsm.RequestStep},
 * {@link io.lacquer.core.fsm.Req}.
 */
package io.lacquer.core.fsm;
