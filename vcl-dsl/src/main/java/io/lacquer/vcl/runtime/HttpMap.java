package io.lacquer.vcl.runtime;

import io.lacquer.core.http.HeaderFields;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Header fields as a policy writes them: {@code req.http.Cookie}, {@code req.http['X-Foo']},
 * assignment, {@code remove} ({@code unset}). Names are case-insensitive; reading a field that
 * occurs several times gives its values joined with ", "; assigning null removes the field.
 * Being a {@link java.util.Map} is what lets the static compiler turn {@code http.Name} into a
 * plain {@code get("Name")} call.
 */
public final class HttpMap extends AbstractMap<String, String> {
    private final HeaderFields fields;
    private final boolean writable;

    HttpMap(HeaderFields fields, boolean writable) {
        this.fields = fields;
        this.writable = writable;
    }

    @Override
    public String get(Object name) {
        if (name == null) {
            return null;
        }
        // the common case is one field: return it without joining (a policy reads many headers per request)
        List<String> all = fields.getAll(name.toString());
        return switch (all.size()) {
            case 0 -> null;
            case 1 -> all.get(0);
            default -> String.join(", ", all);
        };
    }

    @Override
    public boolean containsKey(Object name) {
        return name != null && fields.get(name.toString()) != null;
    }

    @Override
    public String put(String name, String value) {
        checkWritable();
        String old = get(name);
        if (value == null) {
            fields.remove(name);
        } else {
            fields.set(name, value);
        }
        return old;
    }

    /**
     * {@code http['Name'] = value} with any value, such as a GString ({@code "${req.url}"}) or a
     * number: the field is set to its text (removed for null).
     */
    public void putAt(String name, Object value) {
        put(name, value == null ? null : value.toString());
    }

    @Override
    public String remove(Object name) {
        checkWritable();
        String old = get(name);
        fields.remove(name.toString());
        return old;
    }

    /** {@code unset}: removes every field named {@code name}. */
    public void unset(String name) {
        remove(name);
    }

    /** Adds one more field named {@code name}, keeping those already there (for Set-Cookie). */
    public void add(String name, String value) {
        checkWritable();
        fields.add(name, value);
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        return fields.getAll(name);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        Set<String> names = new LinkedHashSet<>();
        fields.forEach((n, v) -> names.add(n));
        Set<Entry<String, String>> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(new SimpleImmutableEntry<>(n, fields.joined(n)));
        }
        return out;
    }

    @Override
    public String toString() {
        List<String> lines = new ArrayList<>();
        fields.forEach((n, v) -> lines.add(n + ": " + v));
        return String.join("\n", lines);
    }

    private void checkWritable() {
        if (!writable) {
            throw new UnsupportedOperationException("these header fields are read-only here");
        }
    }
}
