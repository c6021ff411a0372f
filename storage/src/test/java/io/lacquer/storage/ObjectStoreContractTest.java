package io.lacquer.storage;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.lacquer.storage.StoreFixtures.bytes;
import static io.lacquer.storage.StoreFixtures.key;
import static io.lacquer.storage.StoreFixtures.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same cases over every kind of store: heap, off-heap and tiered. */
class ObjectStoreContractTest {
    @TempDir
    Path dir;

    /** The stores under test, each opened from its {@code -s} form. */
    enum Kind {
        HEAP, OFFHEAP, TIERED;

        StorageSpec spec(long capacity, long maxObject, Path dir) {
            String max = ",max_object=" + maxObject;
            return switch (this) {
                case HEAP -> StorageSpec.parse("mem=heap," + capacity + max);
                case OFFHEAP -> StorageSpec.parse("disk=offheap," + capacity + "," + dir.resolve("store.cmap") + max);
                case TIERED -> {
                    long l1 = Math.max(1 << 20, capacity / 4);
                    yield StorageSpec.parse("mem=heap," + l1 + ",max_object=" + Math.min(maxObject, l1 / 2)
                            + " disk=offheap," + capacity + "," + dir.resolve("store.cmap") + max);
                }
            };
        }
    }

    private ObjectStore open(Kind kind, long capacity, long maxObject, StoreEvents events) {
        return kind.spec(capacity, maxObject, dir).open(events, 50);
    }

    private ObjectStore open(Kind kind) {
        return open(kind, 16 << 20, 8 << 20, StoreEvents.NONE);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void storesAndServesObjectsOfEverySizeIntact(Kind kind) {
        try (ObjectStore store = open(kind)) {
            int[] sizes = {0, 1, 1024, 16 * 1024, 16 * 1024 + 1, 64 * 1024, 200_000, 3 << 20};
            for (int i = 0; i < sizes.length; i++) {
                assertTrue(store.put(key(i), object(bytes(sizes[i], i), null, 60_000)), "size " + sizes[i]);
            }
            for (int i = 0; i < sizes.length; i++) {
                Variants v = store.get(key(i));
                assertNotNull(v, "size " + sizes[i]);
                StoredObject o = v.objects().get(0);
                assertArrayEquals(bytes(sizes[i], i), o.body().toByteArray(), "size " + sizes[i]);
                assertEquals(200, o.status());
                assertEquals("OK", o.reason());
                assertEquals("été ✓", o.header("x-note"));
                assertEquals(3, o.headers().size());
                assertTrue(o.body().buffers().length == 0 || o.body().buffers()[0].isDirect(), "bodies are direct buffers");
                assertTrue(o.body().buffers().length == 0 || o.body().buffers()[0].isReadOnly(), "bodies are read-only");
            }
            assertEquals(sizes.length, store.objectCount());
            assertNull(store.get(key(99)));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void variantsLiveUnderOneKeyAndAPurgeRemovesThemAll(Kind kind) {
        try (ObjectStore store = open(kind)) {
            StoredObject en = object("en", List.of("en"));
            StoredObject fr = object("fr", List.of("fr"));
            StoredObject big = object(bytes(100_000, 5), List.of("de"), 60_000);
            assertTrue(store.put(key(1), en));
            assertTrue(store.put(key(1), fr));
            assertTrue(store.put(key(1), big));
            assertEquals(3, store.get(key(1)).objects().size());
            assertEquals(3, store.objectCount());
            assertTrue(store.put(key(1), object("en again", List.of("en"))), "same Vary values replace");
            Variants v = store.get(key(1));
            assertEquals(3, v.objects().size());
            assertEquals("en again", new String(v.objects().get(0).body().toByteArray(), StandardCharsets.UTF_8),
                    "newest first");
            assertEquals(List.of("en"), v.objects().get(0).variant());
            assertEquals(3, store.objectCount());
            assertEquals(3, store.removeAll(key(1)));
            assertNull(store.get(key(1)));
            assertEquals(0, store.objectCount());
            assertEquals(0, store.usedBytes());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void removesOneVariant(Kind kind) {
        try (ObjectStore store = open(kind)) {
            StoredObject en = object("en", List.of("en"));
            StoredObject fr = object(bytes(50_000, 9), List.of("fr"), 60_000);
            store.put(key(1), en);
            store.put(key(1), fr);
            StoredObject stored = store.get(key(1)).objects().stream().filter(o -> o.variant().equals(List.of("fr")))
                    .findFirst().orElseThrow();
            assertTrue(store.remove(key(1), stored));
            assertEquals(1, store.get(key(1)).objects().size());
            assertEquals(List.of("en"), store.get(key(1)).objects().get(0).variant());
            assertEquals(1, store.objectCount());
            assertFalse(store.remove(key(1), object("zz", List.of("zz"))));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void removesAVariantSeenThroughAVisitFromEveryTier(Kind kind) {
        try (ObjectStore store = open(kind)) {
            store.put(key(1), object("en", List.of("en")));
            store.put(key(1), object("fr", List.of("fr")));
            assertEquals(2, store.get(key(1)).objects().size(), "read once, so a tiered store has it in L1 too");
            StoredObject[] fr = new StoredObject[1];
            store.forEach((k, v) -> v.objects().stream().filter(o -> o.variant().equals(List.of("fr")))
                    .forEach(o -> fr[0] = o));
            assertTrue(store.remove(key(1), fr[0]), "as a ban lurker removes what it visited");
            Variants left = store.get(key(1));
            assertEquals(1, left.objects().size());
            assertEquals(List.of("en"), left.objects().get(0).variant());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void staysWithinItsSizeEvictsAndCounts(Kind kind) {
        StoreFixtures.Events events = new StoreFixtures.Events();
        long capacity = 2 << 20;
        try (ObjectStore store = open(kind, capacity, 1 << 20, events)) {
            int n = 6000;
            for (int i = 0; i < n; i++) {
                assertTrue(store.put(key(i), object(bytes(1024, i), null, 60_000)), "a full store makes room: " + i);
                assertTrue(store.usedBytes() <= capacity, "used " + store.usedBytes() + " after " + i);
            }
            assertTrue(events.nuked.get() > n / 2, "evictions counted: " + events.nuked.get());
            long left = n - events.nuked.get();
            assertTrue(left > 0 && left <= n, "left " + left);
            assertEquals(kind == Kind.HEAP ? left : store.objectCount(), store.objectCount());
            // what is left is intact
            int found = 0;
            for (int i = 0; i < n; i++) {
                Variants v = store.get(key(i));
                if (v != null) {
                    found++;
                    assertArrayEquals(bytes(1024, i), v.objects().get(0).body().toByteArray());
                }
            }
            assertTrue(found > 0);
            StoreStats last = store.stats().get(store.stats().size() - 1);
            assertTrue(last.gBytes() <= capacity);
            assertEquals(capacity - last.gBytes(), last.gSpace());
            assertTrue(last.cReq() >= n, "c_req " + last.cReq());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void keepsWhatIsReadOftenWhenFull(Kind kind) {
        long capacity = 2 << 20;
        try (ObjectStore store = open(kind, capacity, 1 << 20, StoreEvents.NONE)) {
            int hot = 100;
            for (int i = 0; i < hot; i++) {
                store.put(key(i), object(bytes(1024, i), null, 60_000));
            }
            for (int i = hot; i < 8000; i++) {
                store.put(key(i), object(bytes(1024, i), null, 60_000));
                store.get(key(i % hot));
            }
            int kept = 0;
            for (int i = 0; i < hot; i++) {
                kept += store.get(key(i)) != null ? 1 : 0;
            }
            assertTrue(kept >= hot * 8 / 10, "hot objects kept: " + kept + " of " + hot);
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void refusesWhatIsLargerThanItsMaximumAndCountsIt(Kind kind) {
        try (ObjectStore store = open(kind, 4 << 20, 64 << 10, StoreEvents.NONE)) {
            assertFalse(store.put(key(1), object(bytes(100_000, 1), null, 60_000)));
            assertNull(store.get(key(1)));
            assertEquals(0, store.objectCount());
            assertTrue(store.stats().stream().anyMatch(s -> s.cFail() == 1), String.valueOf(store.stats()));
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void removesExpiredObjectsInTheBackground(Kind kind) throws InterruptedException {
        StoreFixtures.Events events = new StoreFixtures.Events();
        try (ObjectStore store = open(kind, 4 << 20, 1 << 20, events)) {
            store.put(key(1), object(bytes(100, 1), null, 200));
            store.put(key(2), object(bytes(40_000, 2), null, 200));
            store.put(key(3), object(bytes(100, 3), null, 600_000));
            assertNotNull(store.get(key(1)));
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (store.objectCount() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, store.objectCount(), "only the long-lived object is left");
            assertNull(store.get(key(1)));
            assertNull(store.get(key(2)));
            assertNotNull(store.get(key(3)));
            assertTrue(events.expired.get() >= 2, "n_expired " + events.expired.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void concurrentWritersReadersAndPurgesKeepTheBooks(Kind kind) throws Exception {
        try (ObjectStore store = open(kind, 8 << 20, 1 << 20, StoreEvents.NONE)) {
            int threads = 4;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    java.util.Random r = new java.util.Random(seed);
                    for (int i = 0; i < 1500; i++) {
                        int k = r.nextInt(40);
                        int size = k % 5 == 0 ? 40_000 + k : 100 + k;
                        switch (r.nextInt(6)) {
                            case 0, 1 -> store.put(key(k), object(bytes(size, k), List.of(String.valueOf(r.nextInt(3))), 60_000));
                            case 2 -> store.removeAll(key(k));
                            default -> {
                                Variants v = store.get(key(k));
                                if (v != null) {
                                    for (StoredObject o : v.objects()) {
                                        assertArrayEquals(bytes(size, k), o.body().toByteArray(), "key " + k);
                                    }
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
            pool.shutdown();
            for (int k = 0; k < 40; k++) {
                store.removeAll(key(k));
            }
            assertEquals(0, store.objectCount());
            assertEquals(0, store.usedBytes());
            if (store instanceof OffHeapStore off) {
                assertEquals(0, off.entryCount());
                assertEquals(0, off.map().size(), "no extent left behind");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void visitsEveryEntry(Kind kind) {
        try (ObjectStore store = open(kind)) {
            for (int i = 0; i < 50; i++) {
                store.put(key(i), object(bytes(i * 1000, i), null, 60_000));
            }
            Set<HashKey> seen = new HashSet<>();
            store.forEach((k, v) -> {
                seen.add(k);
                assertEquals(1, v.objects().size());
            });
            assertEquals(50, seen.size());
            assertTrue(seen.contains(key(7)));
        }
    }
}
