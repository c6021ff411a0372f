package io.lacquer.storage;

import com.github.benmanes.caffeine.cache.Ticker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * A store described as varnishd's {@code -s} argument: {@code [name=]type[,options]}.
 *
 * <p>Types:
 * <ul>
 * <li>{@code heap[,size][,max_object=size]} (aliases {@code malloc}, {@code default}): the
 * in-process Caffeine store; lost on restart.
 * <li>{@code offheap,size,path[,max_object=size]}: the Chronicle Map file at {@code path}, which
 * survives restarts and crashes.
 * </ul>
 * Two stores, one heap and one offheap (two {@code -s} flags, or two specs separated by blanks in
 * one string), make a {@linkplain Type#TIERED tiered} store: the heap tier over the off-heap one.
 * Sizes take varnishd's suffixes k, m, g, t (powers of 1024; a bare number is bytes).
 * {@code max_object} is the largest object the store takes (default: half its size). Without
 * {@code -s} a node uses {@link #DEFAULT}. Unnamed stores are called {@code s0}, {@code s1}, … in
 * order, as in varnishd.
 *
 * @param name the store's name
 * @param type the kind of store
 * @param sizeBytes the capacity in bytes (for a tiered store, the off-heap tier's)
 * @param file the off-heap tier's file, or null for a heap store
 * @param maxObjectBytes the largest object the store takes, in bytes
 * @param tiers for a tiered store, its heap then its off-heap tier; empty otherwise
 */
public record StorageSpec(String name, Type type, long sizeBytes, Path file, long maxObjectBytes,
                          List<StorageSpec> tiers) {
    /** What a node uses when given no {@code -s}: a 256 MiB heap store. */
    public static final StorageSpec DEFAULT = new StorageSpec("s0", Type.HEAP, 256L << 20);

    /** How often an off-heap store looks for expired objects, in milliseconds. */
    static final long SWEEP_MILLIS = 1000;

    /** The kinds of store. */
    public enum Type {
        /** The in-process Caffeine store. */
        HEAP,
        /** The persistent Chronicle Map store. */
        OFFHEAP,
        /** A heap tier over an off-heap tier. */
        TIERED
    }

    /** A heap store of {@code sizeBytes} taking objects up to half its size. */
    public StorageSpec(String name, Type type, long sizeBytes) {
        this(name, type, sizeBytes, null, sizeBytes / 2, List.of());
    }

    /** Checks the invariants. */
    public StorageSpec {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        tiers = List.copyOf(tiers);
        if (!name.matches("[A-Za-z][A-Za-z0-9_+]*")) {
            throw new IllegalArgumentException("storage name: \"" + name + "\" (expected: a letter, then letters, digits or _)");
        }
        if (sizeBytes < 1024) {
            throw new IllegalArgumentException("storage size: " + sizeBytes + " bytes (expected: >= 1k)");
        }
        if (maxObjectBytes <= 0 || maxObjectBytes > sizeBytes) {
            throw new IllegalArgumentException("max_object: " + maxObjectBytes + " bytes (expected: > 0 and <= the size, "
                    + sizeBytes + ")");
        }
        if (type == Type.OFFHEAP && sizeBytes < (1L << 20)) {
            throw new IllegalArgumentException("offheap size: " + sizeBytes + " bytes (expected: >= 1m)");
        }
        if ((type == Type.OFFHEAP) != (file != null)) {
            throw new IllegalArgumentException("file: " + file + " (expected: a file for offheap only)");
        }
        if ((type == Type.TIERED) != (tiers.size() == 2)) {
            throw new IllegalArgumentException("tiers: " + tiers.size() + " (expected: 2 for tiered only)");
        }
    }

    /** Parses one or more blank-separated specs; two make a tiered store. */
    public static StorageSpec parse(String specs) {
        requireNonNull(specs, "specs");
        String t = specs.trim();
        return of(t.isEmpty() ? List.of() : List.of(t.split("\\s+")));
    }

    /**
     * The store described by these {@code -s} arguments: {@link #DEFAULT} for none, the store itself
     * for one, and for two (one heap, one offheap) the tiered store over them.
     */
    public static StorageSpec of(List<String> specs) {
        requireNonNull(specs, "specs");
        if (specs.isEmpty()) {
            return DEFAULT;
        }
        if (specs.size() > 2) {
            throw new IllegalArgumentException("storage: " + specs.size() + " stores (expected: at most 2, one heap and one offheap)");
        }
        List<StorageSpec> stores = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String s : specs) {
            StorageSpec one = parseOne(s, "s" + stores.size());
            if (!names.add(one.name())) {
                throw new IllegalArgumentException("storage \"" + s + "\": name \"" + one.name() + "\" used twice");
            }
            stores.add(one);
        }
        if (stores.size() == 1) {
            return stores.get(0);
        }
        StorageSpec heap = stores.stream().filter(s -> s.type() == Type.HEAP).findFirst().orElse(null);
        StorageSpec offheap = stores.stream().filter(s -> s.type() == Type.OFFHEAP).findFirst().orElse(null);
        if (heap == null || offheap == null) {
            throw new IllegalArgumentException("storage " + specs + ": two stores must be one heap and one offheap");
        }
        return new StorageSpec(heap.name() + "+" + offheap.name(), Type.TIERED, offheap.sizeBytes(), null,
                offheap.maxObjectBytes(), List.of(heap, offheap));
    }

    private static StorageSpec parseOne(String spec, String defaultName) {
        String name = defaultName;
        String rest = spec.trim();
        int eq = rest.indexOf('=');
        int comma = rest.indexOf(',');
        if (eq >= 0 && (comma < 0 || eq < comma)) {
            name = rest.substring(0, eq);
            rest = rest.substring(eq + 1);
        }
        List<String> parts = new ArrayList<>(List.of(rest.split(",", -1)));
        String type = parts.remove(0).toLowerCase(Locale.ROOT);
        Long maxObject = null;
        if (!parts.isEmpty() && parts.get(parts.size() - 1).startsWith("max_object=")) {
            maxObject = parseSize(parts.remove(parts.size() - 1).substring("max_object=".length()));
        }
        switch (type) {
            case "heap", "malloc", "default" -> {
                if (parts.size() > 1) {
                    throw new IllegalArgumentException("storage \"" + spec + "\": too many options (expected: heap[,size][,max_object=size])");
                }
                long size = parts.size() == 1 ? parseSize(parts.get(0)) : DEFAULT.sizeBytes();
                return new StorageSpec(name, Type.HEAP, size, null, maxObject == null ? size / 2 : maxObject, List.of());
            }
            case "offheap" -> {
                if (parts.size() != 2 || parts.get(1).isBlank()) {
                    throw new IllegalArgumentException("storage \"" + spec + "\": expected offheap,size,path[,max_object=size]");
                }
                long size = parseSize(parts.get(0));
                return new StorageSpec(name, Type.OFFHEAP, size, Path.of(parts.get(1)), maxObject == null ? size / 2 : maxObject,
                        List.of());
            }
            default -> throw new IllegalArgumentException("storage \"" + spec + "\": unknown type \"" + type
                    + "\" (expected: heap, malloc or offheap)");
        }
    }

    /** Parses a size such as {@code 256m}, {@code 4g} or {@code 1048576}. */
    public static long parseSize(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        long unit = 1;
        if (!t.isEmpty()) {
            switch (t.charAt(t.length() - 1)) {
                case 'k' -> unit = 1L << 10;
                case 'm' -> unit = 1L << 20;
                case 'g' -> unit = 1L << 30;
                case 't' -> unit = 1L << 40;
                default -> unit = 1;
            }
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long n = Long.parseLong(digits);
            if (n <= 0) {
                throw new NumberFormatException();
            }
            return Math.multiplyExact(n, unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("size \"" + text + "\" (expected: a positive number with k, m, g or t)");
        }
    }

    /**
     * Opens the store this spec describes. An off-heap store serves what its file holds; a file
     * that cannot be opened gives an {@link UncheckedIOException} naming it.
     */
    public ObjectStore open(StoreEvents events) {
        return open(events, SWEEP_MILLIS);
    }

    /** Opens the store, with the off-heap expiry sweep every {@code sweepMillis}. */
    ObjectStore open(StoreEvents events, long sweepMillis) {
        requireNonNull(events, "events");
        return switch (type) {
            case HEAP -> new HeapStore(name, sizeBytes, maxObjectBytes, events, Ticker.systemTicker());
            case OFFHEAP -> openOffHeap(events, sweepMillis);
            case TIERED -> {
                // L1 evictions and expiries are not removals from the cache (L2 still has the object, or
                // expires it and reports it), so only L2 reports them
                HeapStore l1 = (HeapStore) tiers.get(0).open(StoreEvents.NONE, sweepMillis);
                try {
                    yield new TieredStore(l1, (OffHeapStore) tiers.get(1).open(events, sweepMillis));
                } catch (RuntimeException e) {
                    l1.close();
                    throw e;
                }
            }
        };
    }

    private OffHeapStore openOffHeap(StoreEvents events, long sweepMillis) {
        try {
            return OffHeapStore.open(name, sizeBytes, maxObjectBytes, file, events, sweepMillis);
        } catch (IOException e) {
            throw new UncheckedIOException("storage " + name + ": cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return switch (type) {
            case HEAP -> name + "=heap," + sizeBytes + ",max_object=" + maxObjectBytes;
            case OFFHEAP -> name + "=offheap," + sizeBytes + "," + file + ",max_object=" + maxObjectBytes;
            case TIERED -> tiers.get(0) + " " + tiers.get(1);
        };
    }
}
