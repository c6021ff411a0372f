package io.lacquer.storage;

import static java.util.Objects.requireNonNull;

/**
 * A snapshot of one store's figures, as varnishstat's {@code SMA.<name>.*} counters, plus the
 * data {@code storage.list} shows ({@code storage.<name> = <type>}).
 *
 * @param name the store's name ({@code s0}, {@code mem}, …)
 * @param type the store's kind as written in {@code -s} ({@code heap}, {@code offheap})
 * @param gBytes bytes in use ({@code g_bytes})
 * @param gSpace bytes still free ({@code g_space})
 * @param cReq store requests ({@code c_req})
 * @param cFail store requests refused: too large, no room, or a write error ({@code c_fail})
 * @param cBytes bytes stored, in total ({@code c_bytes})
 * @param cFreed bytes freed, in total ({@code c_freed})
 * @param cCorrupt entries found torn or failing their checksum, and dropped
 */
public record StoreStats(String name, String type, long gBytes, long gSpace, long cReq, long cFail, long cBytes,
                         long cFreed, long cCorrupt) {
    /** Checks the invariants. */
    public StoreStats {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
    }
}
