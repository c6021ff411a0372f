/**
 * Load-balancing algorithms, one class each, and the {@code hash-type} mappings.
 *
 * <p>Starting points: {@link io.lacquer.front.balance.Algorithm} (keyword to implementation),
 * {@link io.lacquer.front.balance.Balancer} (the contract).
 */
@NullMarked
package io.lacquer.front.balance;

import org.jspecify.annotations.NullMarked;
