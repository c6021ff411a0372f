/**
 * Health checks: TCP connect and HTTP probes, scheduling at inter/fastinter/downinter, rise/fall.
 *
 * <p>Starting point: {@link io.lacquer.front.check.HealthChecker}.
 */
@NullMarked
package io.lacquer.front.check;

import org.jspecify.annotations.NullMarked;
