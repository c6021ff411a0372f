package io.lacquer.storage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/** Keys, objects and event counters for store tests. */
final class StoreFixtures {
    private StoreFixtures() {
    }

    /** A 32-byte key derived from {@code i}. */
    static HashKey key(int i) {
        byte[] d = new byte[32];
        new Random(i * 31L + 7).nextBytes(d);
        return HashKey.of(d);
    }

    /** {@code n} pseudo-random bytes, the same for the same seed. */
    static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A body of these bytes cut into chunks of at most {@code chunk} bytes, as a fetch stores it. */
    static Body body(byte[] bytes, int chunk) {
        List<ByteBuffer> chunks = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += chunk) {
            int n = Math.min(chunk, bytes.length - at);
            chunks.add(ByteBuffer.allocateDirect(n).put(bytes, at, n).flip());
        }
        return Body.of(chunks);
    }

    /** A fresh object with this body and Vary values, fresh for {@code ttlMillis}. */
    static StoredObject object(byte[] body, List<String> variant, long ttlMillis) {
        List<StoredObject.Header> headers = List.of(new StoredObject.Header("Content-Type", "text/plain"),
                new StoredObject.Header("Vary", "Accept-Language"), new StoredObject.Header("X-Note", "été ✓"));
        return new StoredObject(42, 200, "OK", headers, variant, body(body, 8192), System.currentTimeMillis(), ttlMillis,
                0, 0, StoredObject.Kind.OBJECT);
    }

    /** A fresh object with a text body. */
    static StoredObject object(String body, List<String> variant) {
        return object(body.getBytes(StandardCharsets.UTF_8), variant, 60_000);
    }

    /** Counts what a store reports. */
    static final class Events implements StoreEvents {
        final AtomicLong nuked = new AtomicLong();
        final AtomicLong expired = new AtomicLong();

        @Override
        public void nuked(int objects) {
            nuked.addAndGet(objects);
        }

        @Override
        public void expired(int objects) {
            expired.addAndGet(objects);
        }
    }
}
