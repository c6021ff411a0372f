/**
 * The configuration file: its parser and the immutable records it produces.
 *
 * <p>Starting points: {@link io.lacquer.front.config.ConfigParser} (text to
 * {@link io.lacquer.front.config.FrontConfig}), {@link io.lacquer.front.config.ProxyConfig} (one
 * section), {@link io.lacquer.front.config.ConfigException} (errors located at file:line).
 */
@NullMarked
package io.lacquer.front.config;

import org.jspecify.annotations.NullMarked;
