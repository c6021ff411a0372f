/**
 * Bans (Varnish's {@code cache_ban*.c}): expressions that make every object they match obsolete,
 * tested lazily at lookup and in the background by the lurker.
 *
 * <p>Starting points: {@link io.lacquer.core.ban.BanParser} (text to {@link io.lacquer.core.ban.Ban}),
 * {@link io.lacquer.core.ban.BanList} (the list, checks, trimming), {@link io.lacquer.core.ban.BanLurker}.
 */
package io.lacquer.core.ban;
