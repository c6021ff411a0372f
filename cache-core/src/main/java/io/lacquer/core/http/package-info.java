/**
 * HTTP message parts shared by the client and backend sides: header fields and hop-by-hop rules.
 *
 * <p>Starting points: {@link io.lacquer.core.http.HeaderFields}, {@link io.lacquer.core.http.HeaderList}.
 */
package io.lacquer.core.http;
