package io.lacquer.core.hash;

import io.lacquer.storage.HashKey;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Collects the {@code hash_data()} inputs of one request into a SHA-256 {@link HashKey}. */
public final class HashInput {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    private final MessageDigest digest;
    private int inputs;

    /** An empty input, bound to the calling thread's digest until {@link #finish()}. */
    public HashInput() {
        this.digest = SHA256.get();
        digest.reset();
    }

    /** Adds one input; inputs are separated so that ("ab","c") and ("a","bc") differ. */
    public void add(String data) {
        digest.update(data.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
        inputs++;
    }

    /** How many inputs were added. */
    public int inputs() {
        return inputs;
    }

    /** The key for the inputs added. */
    public HashKey finish() {
        return HashKey.ofOwned(digest.digest());
    }
}
