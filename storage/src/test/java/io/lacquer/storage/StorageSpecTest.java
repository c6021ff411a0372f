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
