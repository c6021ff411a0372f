/**
 * The management side of a cache node and the {@code lacquerd} daemon that wires one together:
 * flags as varnishd's, the node, its store and its metrics.
 *
 * <p>Starting points: {@link io.lacquer.admin.Lacquerd} (the command line),
 * {@link io.lacquer.admin.NodeConfig} (what the flags describe), {@link io.lacquer.admin.Node} (a running node).
 */
package io.lacquer.admin;
