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

    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[512]);

    private final MessageDigest digest;
    private int inputs;

    /** An empty input, bound to the calling thread's digest until {@link #finish()}. */
    public HashInput() {
        this.digest = SHA256.get();
        digest.reset();
    }

    /** Adds one input; inputs are separated so that ("ab","c") and ("a","bc") differ. */
    public void add(String data) {
        int n = data.length();
        byte[] scratch = SCRATCH.get();
        if (n < scratch.length && isAscii(data, scratch)) {
            // the common case (URLs, host names): encoded in place, no array per input
            scratch[n] = 0;
            digest.update(scratch, 0, n + 1);
        } else {
            digest.update(data.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
        }
        inputs++;
    }

    /** Copies {@code s} into {@code out} as ASCII bytes; false, with {@code out} partly written, if it is not ASCII. */
    private static boolean isAscii(String s, byte[] out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return false;
            }
            out[i] = (byte) c;
        }
        return true;
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
