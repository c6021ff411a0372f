package io.lacquer.core.http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Header fields kept as an ordered list of name/value pairs: the backend request and response.
 * Not thread-safe; one fetch owns it at a time.
 */
public final class HeaderList implements HeaderFields {
    private final ArrayList<String> names = new ArrayList<>();
    private final ArrayList<String> values = new ArrayList<>();

    @Override
    public String get(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    @Override
    public List<String> getAll(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    @Override
    public void set(String name, String value) {
        int at = -1;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                at = i;
            }
        }
        if (at < 0) {
            names.add(name);
            values.add(value);
        } else {
            names.add(at, name);
            values.add(at, value);
        }
    }

    @Override
    public void add(String name, String value) {
        names.add(name);
        values.add(value);
    }

    @Override
    public void remove(String name) {
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
            }
        }
    }

    @Override
    public void forEach(BiConsumer<String, String> visitor) {
        for (int i = 0; i < names.size(); i++) {
            visitor.accept(names.get(i), values.get(i));
        }
    }

    /** Number of fields. */
    public int size() {
        return names.size();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }
}
