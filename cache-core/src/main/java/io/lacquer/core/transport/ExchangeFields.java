package io.lacquer.core.transport;

import io.lacquer.core.http.HeaderFields;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;

import java.util.List;
import java.util.function.BiConsumer;

/** {@link HeaderFields} over one of Undertow's header maps, so policies edit the exchange in place. */
public final class ExchangeFields implements HeaderFields {
    private final HeaderMap map;

    /** A view of {@code map}. */
    public ExchangeFields(HeaderMap map) {
        this.map = map;
    }

    @Override
    public String get(String name) {
        return map.getFirst(name);
    }

    @Override
    public List<String> getAll(String name) {
        HeaderValues values = map.get(name);
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public boolean contains(String name) {
        return map.contains(name);
    }

    @Override
    public void set(String name, String value) {
        map.put(HttpString.tryFromString(name), value);
    }

    @Override
    public void add(String name, String value) {
        map.add(HttpString.tryFromString(name), value);
    }

    @Override
    public void remove(String name) {
        map.remove(name);
    }

    @Override
    public void forEach(BiConsumer<String, String> visitor) {
        for (HeaderValues values : map) {
            String name = values.getHeaderName().toString();
            for (String v : values) {
                visitor.accept(name, v);
            }
        }
    }
}
