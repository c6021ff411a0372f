/**
 * The policies loaded into a node and their life: load, use, discard, label, list, show, and
 * Varnish's auto/cold/warm states.
 *
 * <p>Starting points: {@link io.lacquer.vcl.registry.VclRegistry}, {@link io.lacquer.vcl.registry.VclState}.
 */
package io.lacquer.vcl.registry;
