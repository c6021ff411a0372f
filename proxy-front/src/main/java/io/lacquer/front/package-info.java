/**
 * The front tier: an HAProxy-style HTTP load balancer configured with HAProxy's syntax.
 *
 * <p>Starting points: {@link io.lacquer.front.LacquerFront} (the {@code lacquer-front} command),
 * {@link io.lacquer.front.FrontServer} (starts everything a configuration describes).
 */
@NullMarked
package io.lacquer.front;

import org.jspecify.annotations.NullMarked;
