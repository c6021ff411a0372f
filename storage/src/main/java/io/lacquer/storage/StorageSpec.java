package io.lacquer.storage;

import com.github.benmanes.caffeine.cache.Ticker;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * A store described as varnishd's {@code -s} argument: {@code [name=]type[,options]}.
 *
 * <p>Types: {@code heap[,size]} (alias {@code malloc}, {@code default}), the in-process store. Sizes
 * take varnishd's suffixes k, m, g, t (powers of 1024; a bare number is bytes). Without {@code -s}
 * a node uses {@link #DEFAULT}.
 *
 * @param name the store's name ({@code s0} when not given, as in varnishd)
 * @param type the kind of store
 * @param sizeBytes the capacity in bytes
 */
public record StorageSpec(String name, Type type, long sizeBytes) {
    /** What a node uses when given no {@code -s}: a 256 MiB heap store. */
    public static final StorageSpec DEFAULT = new StorageSpec("s0", Type.HEAP, 256L << 20);

    /** The kinds of store. */
    public enum Type {
        /** The in-process Caffeine store. */
        HEAP
    }

    /** Checks the invariants. */
    public StorageSpec {
        requireNonNull(name, "name");
        requireNonNull(type, "type");
        if (!name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("storage name: \"" + name + "\" (expected: a letter, then letters, digits or _)");
        }
        if (sizeBytes < 1024) {
            throw new IllegalArgumentException("storage size: " + sizeBytes + " bytes (expected: >= 1k)");
        }
    }

    /** Parses {@code [name=]type[,size]}; throws IllegalArgumentException naming what is wrong. */
    public static StorageSpec parse(String spec) {
        requireNonNull(spec, "spec");
        String name = "s0";
        String rest = spec.trim();
        int eq = rest.indexOf('=');
        if (eq >= 0) {
            name = rest.substring(0, eq);
            rest = rest.substring(eq + 1);
        }
        String[] parts = rest.split(",", -1);
        String type = parts[0].toLowerCase(Locale.ROOT);
        switch (type) {
            case "heap", "malloc", "default" -> {
                if (parts.length > 2) {
                    throw new IllegalArgumentException("storage \"" + spec + "\": too many options (expected: heap[,size])");
                }
                long size = parts.length == 2 ? parseSize(parts[1]) : DEFAULT.sizeBytes();
                return new StorageSpec(name, Type.HEAP, size);
            }
            default -> throw new IllegalArgumentException("storage \"" + spec + "\": unknown type \"" + parts[0]
                    + "\" (expected: heap or malloc)");
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

    /** Opens the store this spec describes. */
    public ObjectStore open(StoreEvents events) {
        return switch (type) {
            case HEAP -> new HeapStore(name, sizeBytes, events, Ticker.systemTicker());
        };
    }

    @Override
    public String toString() {
        return name + "=" + type.name().toLowerCase(Locale.ROOT) + "," + sizeBytes;
    }
}
