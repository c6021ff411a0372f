package io.lacquer.it.storage;

import io.lacquer.storage.Body;
import io.lacquer.storage.HashKey;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StorageSpec;
import io.lacquer.storage.StoreEvents;
import io.lacquer.storage.StoredObject;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A process that writes objects into a store from several threads until it is killed: the load a
 * {@code kill -9} lands in. Each body is derived from the seed in its {@code X-Seed} header, so a
 * reader can tell an intact body from a torn one.
 */
public final class StoreWriter {
    static final int KEYS = 400;

    private StoreWriter() {
    }

    /** {@code StoreWriter SPEC SEED}: writes until killed; prints "writing" once under way. */
    public static void main(String[] args) throws Exception {
        ObjectStore store = StorageSpec.parse(args[0]).open(StoreEvents.NONE);
        long seed = Long.parseLong(args[1]);
        AtomicInteger puts = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            Random random = new Random(seed * 31 + t);
            Thread writer = new Thread(() -> {
                while (true) {
                    int k = random.nextInt(KEYS);
                    long bodySeed = random.nextLong();
                    String vary = String.valueOf(random.nextInt(2));
                    store.put(key(k), object(bodySeed, size(k, bodySeed), vary));
                    if (puts.incrementAndGet() == 200) {
                        System.out.println("writing");
                        System.out.flush();
                    }
                    if (random.nextInt(20) == 0) {
                        store.removeAll(key(random.nextInt(KEYS)));
                    }
                }
            });
            writer.setDaemon(true);
            writer.start();
            threads.add(writer);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    static HashKey key(int k) {
        byte[] d = new byte[32];
        new Random(k).nextBytes(d);
        return HashKey.of(d);
    }

    /** 100 bytes to 300 KiB: inline bodies and bodies in extents. */
    static int size(int k, long bodySeed) {
        return k % 4 == 0 ? 20_000 + (int) Math.floorMod(bodySeed, 300_000L) : 100 + (int) Math.floorMod(bodySeed, 10_000L);
    }

    static byte[] bytes(long bodySeed, int size) {
        byte[] b = new byte[size];
        new Random(bodySeed).nextBytes(b);
        return b;
    }

    static StoredObject object(long bodySeed, int size, String vary) {
        List<StoredObject.Header> headers = List.of(new StoredObject.Header("X-Seed", Long.toString(bodySeed)),
                new StoredObject.Header("Vary", "X-Variant"));
        Body body = Body.of(List.of(ByteBuffer.wrap(bytes(bodySeed, size))));
        return new StoredObject(1, 200, "OK", headers, List.of(vary), body, System.currentTimeMillis(), 3_600_000, 0, 0,
                StoredObject.Kind.OBJECT);
    }
}
