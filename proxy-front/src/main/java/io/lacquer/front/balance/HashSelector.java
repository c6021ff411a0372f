package io.lacquer.front.balance;

import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * Maps a hash key to a server, as {@code hash-type} describes: map-based or consistent.
 */
interface HashSelector {
    /** Picks the server for {@code key} among the eligible ones, or null. */
    ServerState select(byte[] key, Predicate<ServerState> eligible);

    /** Picks the server for a string key. */
    default ServerState select(String key, Predicate<ServerState> eligible) {
        return select(key.getBytes(StandardCharsets.UTF_8), eligible);
    }

    /** Creates the selector for a backend's {@code hash-type}. */
    static HashSelector of(HashType type, List<ServerState> servers) {
        return type.consistent() ? new ConsistentHashSelector(type, servers) : new MapBasedHashSelector(type, servers);
    }

    /** A 32-bit avalanche mix (every input bit flips about half the output bits). */
    static int avalanche(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
