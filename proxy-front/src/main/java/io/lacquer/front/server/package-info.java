/**
 * The live state of servers and proxies: health, administrative state, slots and counters.
 *
 * <p>Starting points: {@link io.lacquer.front.server.ServerState} (the one mutable model class),
 * {@link io.lacquer.front.server.ServerStatus}, {@link io.lacquer.front.server.HttpCounters}.
 */
@NullMarked
package io.lacquer.front.server;

import org.jspecify.annotations.NullMarked;
