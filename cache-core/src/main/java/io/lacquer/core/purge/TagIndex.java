package io.lacquer.core.purge;

import io.lacquer.storage.HashKey;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StoredObject;
import io.lacquer.storage.Variants;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which stored objects carry which tag: the tags of an object are the space-separated words of its
 * {@code xkey} and {@code Surrogate-Key} response fields (varnish-modules' xkey, and the CDN
 * convention). Purging a tag visits only the hash keys filed under it, so it costs in proportion
 * to the objects carrying the tag, not to the store.
 *
 * <p>Implementation notes: keys are filed at insert and unfiled when purged; objects that leave
 * the store otherwise (eviction, expiry, replacement) leave their keys behind until
 * {@link #sweep} drops those the store no longer holds under that tag. A purge checks each
 * variant's own tags, so a stale key never removes an object that does not carry the tag.
 */
public final class TagIndex {
    private final ConcurrentHashMap<String, Set<HashKey>> keysByTag = new ConcurrentHashMap<>();

    /** The tags of a stored response. */
    public static Set<String> tags(StoredObject o) {
        Set<String> tags = new HashSet<>();
        for (StoredObject.Header h : o.headers()) {
            String n = h.name().toLowerCase(Locale.ROOT);
            if (n.equals("xkey") || n.equals("surrogate-key")) {
                for (String t : h.value().trim().split("[\\s,]+")) {
                    if (!t.isEmpty()) {
                        tags.add(t);
                    }
                }
            }
        }
        return tags;
    }

    /** Files {@code key} under each tag of {@code o}. */
    public void add(HashKey key, StoredObject o) {
        for (String tag : tags(o)) {
            keysByTag.computeIfAbsent(tag, t -> ConcurrentHashMap.newKeySet()).add(key);
        }
    }

    /** Removes every stored object carrying {@code tag}; returns how many went. */
    public int purge(String tag, ObjectStore store) {
        Set<HashKey> keys = keysByTag.remove(tag);
        if (keys == null) {
            return 0;
        }
        int removed = 0;
        for (HashKey key : keys) {
            Variants variants = store.get(key);
            if (variants == null) {
                continue;
            }
            for (StoredObject o : variants.objects()) {
                if (tags(o).contains(tag) && store.remove(key, o)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Drops the keys the store no longer holds under their tag. */
    public void sweep(ObjectStore store) {
        keysByTag.forEach((tag, keys) -> {
            keys.removeIf(key -> {
                Variants v = store.get(key);
                return v == null || v.objects().stream().noneMatch(o -> tags(o).contains(tag));
            });
            if (keys.isEmpty()) {
                keysByTag.remove(tag, keys);
            }
        });
    }

    /** Files every object already in {@code store} (a persistent store after a restart). */
    public void rebuild(ObjectStore store) {
        store.forEach((key, variants) -> variants.objects().forEach(o -> add(key, o)));
    }

    /** How many tags are filed. */
    public int size() {
        return keysByTag.size();
    }
}
