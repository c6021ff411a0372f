package io.lacquer.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static io.lacquer.storage.StoreFixtures.bytes;
import static io.lacquer.storage.StoreFixtures.key;
import static io.lacquer.storage.StoreFixtures.object;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only the persistent store does: survive a restart, detect damage, lay out large bodies. */
class OffHeapStoreTest {
    @TempDir
    Path dir;

    private OffHeapStore open(long capacity, long maxObject) throws IOException {
        return OffHeapStore.open("disk", capacity, maxObject, dir.resolve("s.cmap"), StoreEvents.NONE, 1000);
    }

    @Test
    void aReopenedStoreServesWhatItHeld() throws IOException {
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            store.put(key(1), object("one", List.of("en")));
            store.put(key(1), object("un", List.of("fr")));
            store.put(key(2), object(bytes(300_000, 2), null, 60_000));
        }
        assertTrue(Files.exists(dir.resolve("s.cmap.clean")), "a clean stop leaves its marker");
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            assertFalse(store.recovered(), "a clean file is opened as it is");
            assertEquals(3, store.objectCount());
            assertEquals(2, store.get(key(1)).objects().size());
            assertEquals("un", new String(store.get(key(1)).objects().get(0).body().toByteArray(), StandardCharsets.UTF_8));
            assertArrayEquals(bytes(300_000, 2), store.get(key(2)).objects().get(0).body().toByteArray());
            assertTrue(store.usedBytes() > 300_000);
            assertFalse(Files.exists(dir.resolve("s.cmap.clean")), "the marker is taken while the store is open");
        }
    }

    @Test
    void aFileReopenedWithASmallerSizeComesWithinIt() throws IOException {
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            for (int i = 0; i < 4000; i++) {
                store.put(key(i), object(bytes(1024, i), null, 60_000));
            }
            assertTrue(store.usedBytes() > 4 << 20);
        }
        try (OffHeapStore store = open(2 << 20, 1 << 20)) {
            assertTrue(store.usedBytes() <= 2 << 20, "used " + store.usedBytes());
            assertTrue(store.objectCount() > 0);
            int served = 0;
            for (int i = 0; i < 4000; i++) {
                var v = store.get(key(i));
                if (v != null) {
                    assertArrayEquals(bytes(1024, i), v.objects().get(0).body().toByteArray());
                    served++;
                }
            }
            assertEquals(store.objectCount(), served);
        }
    }

    @Test
    void aFileInUseIsRefused() throws IOException {
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            assertThrows(Exception.class, () -> open(8 << 20, 4 << 20));
        }
    }

    @Test
    void aCorruptHeadIsDroppedNeverServed() throws IOException {
        byte[] marker = "head-marker-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            store.put(key(1), object(marker, null, 60_000));
            store.put(key(2), object("intact", null));
        }
        flipByteOf(marker);
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            assertNull(store.get(key(1)), "the damaged object is not served");
            assertNotNull(store.get(key(2)));
            assertEquals(1, store.stats().get(0).cCorrupt());
            assertEquals(1, store.objectCount());
        }
    }

    @Test
    void aCorruptExtentIsDetectedAndItsObjectDropped() throws IOException {
        byte[] body = bytes(200_000, 3);
        byte[] marker = Arrays.copyOfRange(body, 150_000, 150_032);
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            store.put(key(1), object(body, null, 60_000));
        }
        flipByteOf(marker);
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            assertEquals(1, store.objectCount());
            assertNull(store.get(key(1)), "a body failing its checksum is not served");
            assertEquals(1, store.stats().get(0).cCorrupt());
            assertEquals(0, store.objectCount());
            assertEquals(0, store.entryCount(), "its extents went with it");
            assertEquals(0, store.usedBytes());
        }
    }

    @Test
    void extentsNoHeadNamesAreRemovedOnOpen() throws IOException {
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            store.put(key(1), object(bytes(500_000, 1), null, 60_000));
            store.put(key(2), object("small", null));
            // a crash between the extents and the head leaves extents like these
            store.map().remove(EntryCodec.headKey(key(1)));
        }
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            assertEquals(1, store.entryCount());
            assertEquals(1, store.objectCount());
            assertNotNull(store.get(key(2)));
        }
    }

    @Test
    void storesAndServesA100MibObjectIntactAcrossARestart() throws IOException {
        byte[] body = bytes(100 << 20, 100);
        try (OffHeapStore store = open(256 << 20, 128 << 20)) {
            assertTrue(store.put(key(1), object(body, null, 60_000)));
            Body read = store.get(key(1)).objects().get(0).body();
            assertEquals(body.length, read.length());
            assertArrayEquals(body, read.toByteArray());
            assertFalse(store.put(key(2), object(new byte[(128 << 20) + 1], null, 60_000)), "past max_object");
        }
        try (OffHeapStore store = open(256 << 20, 128 << 20)) {
            assertArrayEquals(body, store.get(key(1)).objects().get(0).body().toByteArray());
            assertTrue(store.removeAll(key(1)) == 1);
            assertEquals(0, store.entryCount());
            assertEquals(0, store.usedBytes());
        }
    }

    @Test
    void keepsNamedStateWithTheObjectsAcrossARestart() throws IOException {
        byte[] bans = "1795238657.929359 obj.status != 200\n".getBytes(StandardCharsets.UTF_8);
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            assertNull(store.readState("ban.list"));
            assertTrue(store.writeState("ban.list", "old".getBytes(StandardCharsets.UTF_8)));
            assertTrue(store.writeState("ban.list", bans));
            store.put(key(1), object("x", null));
        }
        try (OffHeapStore store = open(8 << 20, 4 << 20)) {
            assertArrayEquals(bans, store.readState("ban.list"));
            assertEquals(2, store.entryCount(), "one head, one state");
            assertEquals(1, store.objectCount());
        }
        assertNull(StorageSpec.parse("heap,1m").open(StoreEvents.NONE).readState("ban.list"), "a heap store keeps none");
    }

    @Test
    void closingWaitsForOperationsUnderWayAndRefusesLaterOnes() throws Exception {
        OffHeapStore store = open(8 << 20, 4 << 20);
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> threads = new java.util.ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int seed = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        store.put(key(i % 50), object(bytes(30_000 + seed, i % 50), null, 60_000));
                        store.get(key((i + 7) % 50));
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(200);
        store.close();
        stop.set(true);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertNull(failure.get(), () -> "an operation failed across the close: " + failure.get());
        assertNull(store.get(key(1)));
        assertFalse(store.put(key(1), object("late", null)));
        assertEquals(0, store.removeAll(key(1)));
        assertTrue(Files.exists(dir.resolve("s.cmap.clean")));
    }

    /** Flips one byte of the only place {@code pattern} appears in the (closed) map file. */
    private void flipByteOf(byte[] pattern) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("s.cmap").toFile(), "rw");
             FileChannel ch = raf.getChannel()) {
            MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            int found = -1;
            outer:
            for (int i = 0; i + pattern.length <= map.limit(); i++) {
                for (int j = 0; j < pattern.length; j++) {
                    if (map.get(i + j) != pattern[j]) {
                        continue outer;
                    }
                }
                found = i;
                break;
            }
            assertTrue(found >= 0, "pattern is in the file");
            map.put(found + pattern.length / 2, (byte) (map.get(found + pattern.length / 2) ^ 0x5a));
            map.force();
        }
    }
}
