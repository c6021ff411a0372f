/**
 * Object stores: where a cache node keeps the objects it serves, the counterpart of Varnish's
 * stevedores.
 *
 * <p>Starting points: {@link io.lacquer.storage.ObjectStore} (the storage SPI),
 * {@link io.lacquer.storage.StorageSpec} (parses varnishd-style {@code -s} strings into a store),
 * {@link io.lacquer.storage.StoredObject} (what is stored), {@link io.lacquer.storage.HashKey}
 * (what it is stored under).
 */
package io.lacquer.storage;
