/**
 * Cookie persistence ({@code cookie ... insert|prefix|rewrite}).
 *
 * <p>Starting points: {@link io.lacquer.front.sticky.StickyCookie},
 * {@link io.lacquer.front.sticky.CookieHeader} (raw cookie header editing).
 */
@NullMarked
package io.lacquer.front.sticky;

import org.jspecify.annotations.NullMarked;
