/**
 * {@code lacqueradm}: the management client, speaking Varnish's CLI protocol to one node or to
 * every node of a cluster at once.
 *
 * <p>Starting points: {@link io.lacquer.admin.client.Lacqueradm} (the command line),
 * {@link io.lacquer.admin.client.CliClient} (one authenticated connection).
 */
package io.lacquer.admin.client;
