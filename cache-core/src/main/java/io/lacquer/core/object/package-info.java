/**
 * Object lifetimes: how long a response stays fresh, in grace and kept.
 *
 * <p>Starting points: {@link io.lacquer.core.object.Freshness}, {@link io.lacquer.core.object.CacheControl}.
 */
package io.lacquer.core.object;
