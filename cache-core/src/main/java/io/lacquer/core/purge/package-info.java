/**
 * Purging by tag: objects tagged by their response ({@code xkey}, {@code Surrogate-Key}) are
 * invalidated by tag, in time proportional to the objects carrying it.
 *
 * <p>Starting points: {@link io.lacquer.core.purge.TagIndex}.
 */
package io.lacquer.core.purge;
