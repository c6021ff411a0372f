/**
 * Finding objects: the hash of a request, Vary matching, and the heads of objects being fetched,
 * on which concurrent requests for the same object wait (coalescing).
 *
 * <p>Starting points: {@link io.lacquer.core.hash.HashTable} (lookup), {@link io.lacquer.core.hash.Lookup},
 * {@link io.lacquer.core.hash.HashInput}, {@link io.lacquer.core.hash.VaryMatcher}.
 */
package io.lacquer.core.hash;
