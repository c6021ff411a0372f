package io.lacquer.storage;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StorageSpecTest {
    @Test
    void parsesVarnishdForms() {
        assertEquals(new StorageSpec("s0", StorageSpec.Type.HEAP, 256L << 20), StorageSpec.parse("heap,256m"));
        assertEquals(new StorageSpec("mem", StorageSpec.Type.HEAP, 1L << 30), StorageSpec.parse("mem=malloc,1G"));
        assertEquals(StorageSpec.DEFAULT.sizeBytes(), StorageSpec.parse("default").sizeBytes());
        assertEquals(4096, StorageSpec.parse("heap,4k").sizeBytes());
        assertEquals(2048, StorageSpec.parse("heap,2048").sizeBytes());
    }

    @Test
    void parsesOffHeapAndTieredForms() {
        StorageSpec disk = StorageSpec.parse("disk=offheap,4g,/var/lib/lacquer/store.cmap");
        assertEquals(StorageSpec.Type.OFFHEAP, disk.type());
        assertEquals(4L << 30, disk.sizeBytes());
        assertEquals(java.nio.file.Path.of("/var/lib/lacquer/store.cmap"), disk.file());
        assertEquals(2L << 30, disk.maxObjectBytes(), "half the size by default");
        assertEquals(100L << 20, StorageSpec.parse("offheap,1g,/x,max_object=100m").maxObjectBytes());
        assertEquals("s0", StorageSpec.parse("offheap,1g,/x").name());

        StorageSpec tiered = StorageSpec.of(java.util.List.of("disk=offheap,4g,/d", "mem=heap,256m"));
        assertEquals(StorageSpec.Type.TIERED, tiered.type());
        assertEquals("mem", tiered.tiers().get(0).name(), "the heap store is the upper tier, in any order");
        assertEquals("disk", tiered.tiers().get(1).name());
        assertEquals(tiered, StorageSpec.parse("mem=heap,256m disk=offheap,4g,/d"));
        StorageSpec unnamed = StorageSpec.parse("heap,1m offheap,2m,/d");
        assertEquals("s0", unnamed.tiers().get(0).name());
        assertEquals("s1", unnamed.tiers().get(1).name());
        assertEquals(StorageSpec.DEFAULT, StorageSpec.of(java.util.List.of()));
    }

    @Test
    void rejectsStoresItCannotCombine() {
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("heap,1m heap,2m"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("a=heap,1m a=offheap,2m,/d"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("heap,1m offheap,2m,/d heap,3m"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("offheap,1g"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("offheap,512k,/d"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("heap,1m,max_object=2m"));
    }

    @Test
    void rejectsWhatItCannotRun() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("file,/tmp/x,1g"))
                .getMessage().contains("unknown type \"file\""));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("heap,-5m"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("heap,lots"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("heap,1m,extra"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("9bad=heap,1m"));
        assertThrows(IllegalArgumentException.class, () -> StorageSpec.parse("heap,99999999999t"));
    }
}
