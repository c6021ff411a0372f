/**
 * Run-time parameters, as varnishd's {@code -p}: one table of names, defaults and units.
 *
 * <p>Starting points: {@link io.lacquer.core.config.Param}, {@link io.lacquer.core.config.Params}.
 */
package io.lacquer.core.config;
