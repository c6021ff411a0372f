package io.lacquer.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * All stored variants under one {@link HashKey}: one per distinct set of Vary-selected request
 * header values. Immutable; adding a variant gives a new instance.
 */
public final class Variants {
    private final List<StoredObject> objects;
    private final long weight;

    private Variants(List<StoredObject> objects) {
        this.objects = objects;
        long w = 0;
        for (StoredObject o : objects) {
            w += o.weight();
        }
        this.weight = w;
    }

    /** One variant. */
    public static Variants of(StoredObject object) {
        return new Variants(List.of(object));
    }

    /** These objects as variants, newest first; null when the list is empty. */
    static Variants ofAll(List<StoredObject> objects) {
        return objects.isEmpty() ? null : new Variants(List.copyOf(objects));
    }

    /** The variants, newest first. */
    public List<StoredObject> objects() {
        return objects;
    }

    /** Sum of the variants' weights. */
    public long weight() {
        return weight;
    }

    /** These variants with {@code object} added in front, replacing any with the same variant values. */
    public Variants with(StoredObject object) {
        List<StoredObject> out = new ArrayList<>(objects.size() + 1);
        out.add(object);
        for (StoredObject o : objects) {
            if (!Objects.equals(o.variant(), object.variant())) {
                out.add(o);
            }
        }
        return new Variants(List.copyOf(out));
    }

    /** These variants without {@code object} or its copies ({@link StoredObject#sameAs}), or null when none would remain. */
    public Variants without(StoredObject object) {
        List<StoredObject> out = new ArrayList<>(objects.size());
        for (StoredObject o : objects) {
            if (!o.sameAs(object)) {
                out.add(o);
            }
        }
        return out.isEmpty() ? null : new Variants(List.copyOf(out));
    }

    /** The latest expiry among the variants, epoch ms. */
    public long expires() {
        long e = Long.MIN_VALUE;
        for (StoredObject o : objects) {
            e = Math.max(e, o.expires());
        }
        return e;
    }
}
