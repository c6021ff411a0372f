package io.lacquer.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.lacquer.storage.StoreFixtures.bytes;
import static io.lacquer.storage.StoreFixtures.key;
import static io.lacquer.storage.StoreFixtures.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The tiered store's own rules: write-through, promotion on an L2 hit, per-tier figures. */
class TieredStoreTest {
    @TempDir
    Path dir;

    private TieredStore open() {
        return (TieredStore) StorageSpec.parse("mem=heap,4m disk=offheap,16m," + dir.resolve("t.cmap"))
                .open(StoreEvents.NONE, 1000);
    }

    @Test
    void writesThroughAndPromotesOnAnL2Hit() {
        try (TieredStore store = open()) {
            store.put(key(1), object(bytes(5000, 1), null, 60_000));
        }
        try (TieredStore store = open()) {
            // after a restart only L2 has it: the first read copies it up, later reads are L1 hits
            Variants first = store.get(key(1));
            assertNotNull(first);
            assertArrayEquals(bytes(5000, 1), first.objects().get(0).body().toByteArray());
            Variants second = store.get(key(1));
            assertSame(first, second, "served from L1 after promotion");
            List<StoreStats> stats = store.stats();
            assertEquals(List.of("mem", "disk"), stats.stream().map(StoreStats::name).toList());
            assertEquals(List.of("heap", "offheap"), stats.stream().map(StoreStats::type).toList());
            assertEquals(1, store.objectCount());
        }
    }

    @Test
    void aNewVariantDoesNotHideTheOthersInL1() {
        try (TieredStore store = open()) {
            store.put(key(1), object("en", List.of("en")));
            store.put(key(1), object("fr", List.of("fr")));
        }
        try (TieredStore store = open()) {
            store.put(key(1), object("de", List.of("de")));
            assertEquals(3, store.get(key(1)).objects().size(), "L1 never offers a partial set");
            assertEquals(3, store.removeAll(key(1)));
            assertNull(store.get(key(1)));
        }
    }

    @Test
    void anObjectTooLargeForL1IsServedFromL2() {
        try (TieredStore store = open()) {
            store.put(key(1), object(bytes(3 << 20, 7), null, 60_000));
            assertArrayEquals(bytes(3 << 20, 7), store.get(key(1)).objects().get(0).body().toByteArray());
            assertEquals(0, store.stats().get(0).gBytes(), "L1 (max_object 2m) did not take it");
        }
    }
}
