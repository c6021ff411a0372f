package io.lacquer.storage;

import net.openhft.chronicle.map.ChronicleMap;
import net.openhft.chronicle.map.ChronicleMapBuilder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The Chronicle Map file behind an {@link OffHeapStore}: sizing, opening, recovery and the
 * clean-shutdown marker.
 *
 * <p>A node that stopped cleanly leaves {@code <file>.clean}; the next start opens the file as it
 * is. Without the marker (a crash, {@code kill -9}) the file is opened with Chronicle's recovery,
 * which frees segment locks the dead process held and drops entries whose Chronicle checksum
 * fails. {@code <file>.lock} holds an OS file lock while the store is open, so two nodes never
 * share a file; the OS releases it when a process dies.
 */
final class OffHeapFile implements AutoCloseable {
    /** The value size the map is laid out for: the typical object, headers included. */
    static final int AVERAGE_VALUE_BYTES = 1024;
    /** The key size the map is laid out for: heads are 32 bytes, extents 44. */
    static final int AVERAGE_KEY_BYTES = 34;

    static {
        // set before the first Chronicle class initialises: no start-up banners on the node's log, and
        // no analytics even where a launcher forgot the flag (the jar is also kept off the class path)
        if (System.getProperty("chronicle.announcer.disable") == null) {
            System.setProperty("chronicle.announcer.disable", "true");
        }
        if (System.getProperty("org.slf4j.simpleLogger.log.net.openhft") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.net.openhft", "warn");
        }
        if (System.getProperty("chronicle.analytics.disable") == null) {
            System.setProperty("chronicle.analytics.disable", "true");
        }
    }

    private final Path file;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ChronicleMap<byte[], byte[]> map;
    private final boolean recovered;

    private OffHeapFile(Path file, FileChannel lockChannel, FileLock lock, ChronicleMap<byte[], byte[]> map,
                        boolean recovered) {
        this.file = file;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.map = map;
        this.recovered = recovered;
    }

    /**
     * The most entries a store of {@code capacityBytes} holds: one per average value's worth of
     * bytes, so a store of tiny objects is bounded by entries as one of large ones is by bytes.
     */
    static long maxEntries(long capacityBytes) {
        return Math.max(1024, capacityBytes / (AVERAGE_VALUE_BYTES + AVERAGE_KEY_BYTES));
    }

    /** Opens (creating, reopening or recovering) the map file for a store of {@code capacityBytes}. */
    static OffHeapFile open(String name, Path file, long capacityBytes) throws IOException {
        Path path = file.toAbsolutePath();
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        FileChannel channel = FileChannel.open(sibling(path, ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException(path + " is in use by another process");
        }
        try {
            ChronicleMapBuilder<byte[], byte[]> builder = ChronicleMap.of(byte[].class, byte[].class)
                    .name("lacquer-" + name)
                    .entries(maxEntries(capacityBytes))
                    .averageKeySize(AVERAGE_KEY_BYTES)
                    .averageValueSize(AVERAGE_VALUE_BYTES)
                    // headroom for uneven segments and fragmentation; bytes and entries are bounded above
                    .maxBloatFactor(2.0)
                    .checksumEntries(true)
                    // the store closes the map and writes the clean marker; a hook closing it first would race
                    .skipCloseOnExitHook(true);
            Path clean = sibling(path, ".clean");
            boolean exists = Files.exists(path) && Files.size(path) > 0;
            boolean wasClean = Files.deleteIfExists(clean);
            ChronicleMap<byte[], byte[]> map;
            boolean recovered = false;
            if (!exists) {
                map = builder.createPersistedTo(path.toFile());
            } else if (wasClean) {
                map = builder.createPersistedTo(path.toFile());
            } else {
                map = builder.recoverPersistedTo(path.toFile(), true);
                recovered = true;
            }
            return new OffHeapFile(path, channel, lock, map, recovered);
        } catch (IOException | RuntimeException e) {
            lock.release();
            channel.close();
            throw e;
        }
    }

    /** The map. */
    ChronicleMap<byte[], byte[]> map() {
        return map;
    }

    /** Whether the file was recovered after an unclean stop. */
    boolean recovered() {
        return recovered;
    }

    /** The file's size on disk, in bytes. */
    long fileBytes() {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Closes the map and leaves the clean-shutdown marker. */
    @Override
    public void close() {
        try {
            map.close();
            Files.writeString(sibling(file, ".clean"), "closed cleanly\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + file + " as closed cleanly", e);
        } finally {
            try {
                lock.release();
                lockChannel.close();
            } catch (IOException ignored) {
                // the OS drops the lock with the channel or the process anyway
            }
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    @Override
    public String toString() {
        return file.toString();
    }
}
