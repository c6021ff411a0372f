package io.lacquer.storage;

import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeapStoreTest {
    private static final long NOW = System.currentTimeMillis();

    private static HashKey key(int i) {
        byte[] d = new byte[32];
        d[0] = (byte) i;
        d[1] = (byte) (i >> 8);
        return HashKey.of(d);
    }

    private static StoredObject object(String body, List<String> variant) {
        return new StoredObject(1, 200, "OK", List.of(new StoredObject.Header("Vary", "Accept-Language")), variant,
                Body.copyOf(body.getBytes(StandardCharsets.UTF_8)), NOW, 60_000, 10_000, 0, StoredObject.Kind.OBJECT);
    }

    @Test
    void variantsLiveUnderOneKeyAndAreRemovedTogether() {
        HeapStore store = new HeapStore("t", 1 << 20, StoreEvents.NONE, Ticker.systemTicker());
        StoredObject en = object("en", List.of("en"));
        StoredObject fr = object("fr", List.of("fr"));
        assertTrue(store.put(key(1), en));
        assertTrue(store.put(key(1), fr));
        assertEquals(2, store.get(key(1)).objects().size());
        assertEquals(2, store.objectCount());
        StoredObject en2 = object("en again", List.of("en"));
        store.put(key(1), en2);
        assertEquals(2, store.get(key(1)).objects().size(), "same variant values replace");
        assertArrayEquals("en again".getBytes(StandardCharsets.UTF_8), store.get(key(1)).objects().get(0).body().toByteArray());
        assertTrue(store.remove(key(1), fr));
        assertEquals(1, store.objectCount());
        assertEquals(1, store.removeAll(key(1)));
        assertNull(store.get(key(1)));
        assertEquals(0, store.objectCount());
        assertEquals(0, store.usedBytes());
    }

    @Test
    void staysWithinItsSizeAndCountsEvictions() {
        AtomicInteger nuked = new AtomicInteger();
        StoreEvents events = new StoreEvents() {
            @Override
            public void nuked(int objects) {
                nuked.addAndGet(objects);
            }
        };
        long capacity = 64 * 1024;
        HeapStore store = new HeapStore("t", capacity, events, Ticker.systemTicker());
        String kib = "x".repeat(1024);
        for (int i = 0; i < 500; i++) {
            store.put(key(i), object(kib, null));
        }
        store.forEach((k, v) -> { });
        assertTrue(store.usedBytes() <= capacity, "used " + store.usedBytes());
        assertTrue(nuked.get() > 400, "evictions counted: " + nuked.get());
        assertEquals(500 - nuked.get(), store.objectCount());
    }

    @Test
    void refusesAnObjectLargerThanHalfTheStore() {
        HeapStore store = new HeapStore("t", 4096, StoreEvents.NONE, Ticker.systemTicker());
        assertFalse(store.put(key(1), object("y".repeat(4000), null)));
        assertNull(store.get(key(1)));
    }

    @Test
    void objectLifetimes() {
        StoredObject o = object("z", null);
        assertEquals(NOW + 60_000, o.freshUntil());
        assertEquals(NOW + 70_000, o.graceUntil());
        assertEquals(NOW + 70_000, o.expires());
        assertEquals("Accept-Language", o.header("vary"));
    }
}
