/**
 * Directors: the ways of picking a backend for a request from several (Varnish's
 * {@code vmod_directors}), and the keys some of them pick by. Directors nest: each takes other
 * directors, of which a {@link io.lacquer.core.backend.Backend} is the simplest.
 *
 * <p>Starting points: {@link io.lacquer.core.backend.director.RoundRobinDirector},
 * {@link io.lacquer.core.backend.director.FallbackDirector},
 * {@link io.lacquer.core.backend.director.RandomDirector},
 * {@link io.lacquer.core.backend.director.HashDirector},
 * {@link io.lacquer.core.backend.director.ShardDirector},
 * {@link io.lacquer.core.backend.director.StickyDirector},
 * {@link io.lacquer.core.backend.director.RequestKey}.
 */
package io.lacquer.core.backend.director;
