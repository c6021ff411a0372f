package io.lacquer.storage;

import java.util.Arrays;
import java.util.HexFormat;

import static java.util.Objects.requireNonNull;

/**
 * The digest an object is stored under: SHA-256 of the inputs the policy hashed (by default the
 * URL and the Host), as in Varnish. Every Vary variant of one URL shares one key.
 */
public final class HashKey {
    private final byte[] digest;
    private final int hash;

    private HashKey(byte[] digest) {
        this.digest = digest;
        this.hash = Arrays.hashCode(digest);
    }

    /** Wraps a digest; the array is copied. */
    public static HashKey of(byte[] digest) {
        requireNonNull(digest, "digest");
        if (digest.length == 0) {
            throw new IllegalArgumentException("digest: empty (expected: at least one byte)");
        }
        return new HashKey(digest.clone());
    }

    /** Wraps a digest the caller will never modify again, without copying it. */
    public static HashKey ofOwned(byte[] digest) {
        return new HashKey(requireNonNull(digest, "digest"));
    }

    /** A copy of the digest bytes. */
    public byte[] bytes() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HashKey other && hash == other.hash && Arrays.equals(digest, other.digest);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(digest);
    }
}
