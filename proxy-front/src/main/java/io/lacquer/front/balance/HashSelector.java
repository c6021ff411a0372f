package io.lacquer.front.balance;

import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * Maps a 32-bit hash to a server, as {@code hash-type} describes: map-based or consistent.
 */
interface HashSelector {
    /** Picks the server for a hash among the eligible ones, or null. */
    ServerState select(int hash, Predicate<ServerState> eligible);

    /** The backend's {@code hash-type}. */
    HashType type();

    /** Picks the server for a key's bytes, hashed as {@code hash-type} says. */
    default ServerState select(byte[] key, Predicate<ServerState> eligible) {
        return select(type().hash(key), eligible);
    }

    /** Picks the server for a string key (its UTF-8 bytes). */
    default ServerState select(String key, Predicate<ServerState> eligible) {
        return select(key.getBytes(StandardCharsets.UTF_8), eligible);
    }

    /** Creates the selector for a backend's {@code hash-type} over its servers in declaration order. */
    static HashSelector of(HashType type, List<ServerState> servers) {
        return type.consistent() ? new ConsistentHashSelector(type, servers) : new MapBasedHashSelector(type, servers);
    }
}
