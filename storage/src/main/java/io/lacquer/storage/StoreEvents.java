package io.lacquer.storage;

/** What a store reports to the node that owns it, for its counters. */
public interface StoreEvents {
    /** Reports nothing. */
    StoreEvents NONE = new StoreEvents() { };

    /** Objects were evicted to make room ({@code n_lru_nuked}). */
    default void nuked(int objects) { }

    /** Objects were removed because their ttl + grace + keep had passed ({@code n_expired}). */
    default void expired(int objects) { }
}
