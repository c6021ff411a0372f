package io.lacquer.storage;

/**
 * The storage SPI: variants of objects by hash key. Implementations are thread-safe, bounded by
 * bytes, evict the least valuable entries when full (reported through {@link StoreEvents}), and
 * drop entries past their expiry by themselves. A store that cannot take an object (too large, no
 * room left after evicting, a write error) refuses it and the caller delivers without storing.
 */
public interface ObjectStore extends AutoCloseable {
    /** The store's name as given in its spec ({@code s0}, {@code mem}, …). */
    String name();

    /** The variants stored under {@code key}, or null. Never returns an expired-only set. */
    Variants get(HashKey key);

    /**
     * Stores {@code object} as a variant under {@code key}, replacing the variant with the same Vary
     * values. Returns false, storing nothing, when the object cannot be stored (too large).
     */
    boolean put(HashKey key, StoredObject object);

    /**
     * Removes one variant: {@code object}, or the copy of it this store holds ({@link StoredObject#sameAs});
     * returns whether it was there.
     */
    boolean remove(HashKey key, StoredObject object);

    /** Removes every variant under {@code key}; returns how many there were. */
    int removeAll(HashKey key);

    /** Visits every stored entry (for bans and tests); the view may be weakly consistent. */
    void forEach(java.util.function.BiConsumer<HashKey, Variants> visitor);

    /** Number of stored objects (variants), markers included. */
    long objectCount();

    /** Bytes in use. */
    long usedBytes();

    /** Configured capacity in bytes. */
    long capacityBytes();

    /**
     * The figures of this store, one snapshot per tier (one for a single store, L1 then L2 for a
     * tiered one): what {@code storage.list} shows and the {@code SMA.*} counters.
     */
    java.util.List<StoreStats> stats();

    /**
     * Reads a named piece of state kept durably with the objects, such as the ban list (so that a
     * banned object cannot come back after a restart); null when there is none or when this store
     * keeps nothing across restarts (a heap store).
     */
    default byte[] readState(String name) {
        return null;
    }

    /**
     * Keeps {@code value} under {@code name} durably with the objects, replacing what was there, and
     * checksummed as they are; returns false when this store keeps nothing across restarts. Meant for
     * small values (up to a few hundred KiB) written on change, not per request.
     */
    default boolean writeState(String name, byte[] value) {
        return false;
    }

    @Override
    void close();
}
