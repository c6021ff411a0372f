package io.lacquer.core.http;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Header fields of one message, looked up by case-insensitive name, as a policy sees
 * {@code req.http.*}, {@code beresp.http.*} and the like.
 */
public interface HeaderFields {
    /** The first value of {@code name}, or null when absent. */
    String get(String name);

    /** Every value of {@code name}, in order; empty when absent. */
    List<String> getAll(String name);

    /** Whether {@code name} is present. */
    default boolean contains(String name) {
        return get(name) != null;
    }

    /** Replaces every value of {@code name} with {@code value}. */
    void set(String name, String value);

    /** Adds one more value of {@code name}. */
    void add(String name, String value);

    /** Removes every value of {@code name}. */
    void remove(String name);

    /** Visits every field in order. */
    void forEach(BiConsumer<String, String> visitor);

    /** All values of {@code name} joined with ", " (RFC 9110 §5.3), or null when absent. */
    default String joined(String name) {
        List<String> all = getAll(name);
        return all.isEmpty() ? null : String.join(", ", all);
    }
}
