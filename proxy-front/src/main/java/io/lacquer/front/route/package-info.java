/**
 * Request routing: from an accepted request to the backend that serves it.
 *
 * <p>Starting points: {@link io.lacquer.front.route.FrontHandler} (monitor URI, stats, rules,
 * backend choice), {@link io.lacquer.front.route.BackendRuntime} (persistence, balancing,
 * forwarding), {@link io.lacquer.front.route.ErrorPage} (the answers the front makes itself).
 */
@NullMarked
package io.lacquer.front.route;

import org.jspecify.annotations.NullMarked;
