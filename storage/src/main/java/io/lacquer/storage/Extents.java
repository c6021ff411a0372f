package io.lacquer.storage;

import io.lacquer.storage.EntryCodec.Variant;
import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ExternalMapQueryContext;
import net.openhft.chronicle.map.MapEntry;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads, writes and removes single entries of the off-heap map: the extents of large bodies, and
 * in-place removals that need no copy of the value. Keeps no state beyond the map.
 */
final class Extents {
    private static final int BODY_BUFFER_BYTES = 1 << 20;
    /** Where a reader takes a full extent out of the map before copying it on; saves 64 KiB of garbage per extent. */
    private static final ThreadLocal<byte[]> SCRATCH =
            ThreadLocal.withInitial(() -> new byte[EntryCodec.PREFIX_BYTES + OffHeapStore.EXTENT_BYTES]);

    private final ChronicleMap<byte[], byte[]> map;

    /** Entries of {@code map}. */
    Extents(ChronicleMap<byte[], byte[]> map) {
        this.map = map;
    }

    /**
     * The body of {@code v} under {@code hk}, read into direct buffers of up to 1 MiB; null when an
     * extent is missing, torn, or the whole fails its checksum.
     */
    Body read(byte[] hk, Variant v) {
        List<ByteBuffer> buffers = new ArrayList<>();
        CRC32C crc = new CRC32C();
        long remaining = v.bodyLength();
        ByteBuffer current = null;
        for (int i = 0; i < v.extentCount(); i++) {
            byte[] extent = map.getUsing(EntryCodec.extentKey(hk, v.bodyId(), i), SCRATCH.get());
            if (!EntryCodec.intact(extent, EntryCodec.TYPE_EXTENT)) {
                return null;
            }
            int at = EntryCodec.PREFIX_BYTES;
            int n = extent.length - at;
            if (n > remaining) {
                return null;
            }
            crc.update(extent, at, n);
            while (n > 0) {
                if (current == null || !current.hasRemaining()) {
                    if (current != null) {
                        buffers.add(current.flip());
                    }
                    current = ByteBuffer.allocateDirect((int) Math.min(remaining, BODY_BUFFER_BYTES));
                }
                int k = Math.min(n, current.remaining());
                current.put(extent, at, k);
                at += k;
                n -= k;
                remaining -= k;
            }
        }
        if (current != null) {
            buffers.add(current.flip());
        }
        if (remaining != 0 || (int) crc.getValue() != v.bodyCrc()) {
            return null;
        }
        return Body.of(buffers);
    }

    /** Writes {@code body} as the extents of {@code v} under {@code hk}. */
    void write(byte[] hk, Variant v, Body body) {
        ByteBuffer[] chunks = body.buffers();
        int chunk = 0;
        ByteBuffer staging = ByteBuffer.allocate(OffHeapStore.EXTENT_BYTES);
        for (int i = 0; i < v.extentCount(); i++) {
            staging.clear();
            while (staging.hasRemaining() && chunk < chunks.length) {
                ByteBuffer c = chunks[chunk];
                int n = Math.min(c.remaining(), staging.remaining());
                staging.put(staging.position(), c, c.position(), n);
                staging.position(staging.position() + n);
                c.position(c.position() + n);
                if (!c.hasRemaining()) {
                    chunk++;
                }
            }
            staging.flip();
            map.put(EntryCodec.extentKey(hk, v.bodyId(), i), EntryCodec.encodeExtent(staging, staging.remaining()));
        }
    }

    /** Removes one entry in place; returns its value, or null when there was none. */
    byte[] removeEntry(byte[] key) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
            c.updateLock().lock();
            MapEntry<byte[], byte[]> e = c.entry();
            if (e == null) {
                return null;
            }
            byte[] value = e.value().get().clone();
            c.remove(e);
            return value;
        }
    }

    /** Removes one entry in place without reading it; returns its value's size, or -1 when there was none. */
    long removeSized(byte[] key) {
        try (ExternalMapQueryContext<byte[], byte[], ?> c = map.queryContext(key)) {
            c.updateLock().lock();
            MapEntry<byte[], byte[]> e = c.entry();
            if (e == null) {
                return -1;
            }
            long size = e.value().size();
            c.remove(e);
            return size;
        }
    }
}
