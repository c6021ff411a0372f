/**
 * Object stores: where a cache node keeps the objects it serves, the counterpart of Varnish's
 * stevedores. Three kinds, chosen with varnishd-style {@code -s} strings: a heap store (Caffeine,
 * lost on restart), a persistent off-heap store (a Chronicle Map file, served from at once after a
 * restart or a crash) and the tiered store of a heap tier over an off-heap tier.
 *
 * <p>Starting points: {@link io.lacquer.storage.ObjectStore} (the storage SPI),
 * {@link io.lacquer.storage.StorageSpec} (parses {@code -s} strings and opens the store they
 * describe), {@link io.lacquer.storage.StoredObject} (what is stored),
 * {@link io.lacquer.storage.HashKey} (what it is stored under), {@link io.lacquer.storage.StoreStats}
 * (the per-store figures). The implementations are package-private; {@code docs/storage.md} describes
 * their layout, bounds and write policy.
 */
package io.lacquer.storage;
