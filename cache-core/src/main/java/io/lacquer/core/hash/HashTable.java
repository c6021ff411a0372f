package io.lacquer.core.hash;

import io.lacquer.core.ban.BanException;
import io.lacquer.core.ban.BanList;
import io.lacquer.core.ban.BanParser;
import io.lacquer.core.fetch.BusyObject;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.object.RequestDirectives;
import io.lacquer.core.purge.TagIndex;
import io.lacquer.core.object.StoredDirectives;
import io.lacquer.storage.HashKey;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StoredObject;
import io.lacquer.storage.Variants;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Lookup: stored objects come from the {@link ObjectStore}; objects being fetched are
 * {@link BusyObject}s kept here, one per hash key, so that concurrent misses for the same object
 * make one backend request (coalescing).
 *
 * <p>Implementation notes: the store is read first and without locks, so hits never touch the
 * busy map. A miss claims the key with {@code putIfAbsent}; the loser of a race looks again and
 * finds the winner's busy object. A fetch removes its busy object only after storing the result,
 * so a lookup always finds one or the other.
 */
public final class HashTable {
    private final ObjectStore store;
    private final BanList bans;
    private final TagIndex tags;
    private final Counters counters;
    private final ConcurrentHashMap<HashKey, BusyObject> busy = new ConcurrentHashMap<>();

    /**
     * A table over {@code store} whose objects {@code bans} may make obsolete and {@code tags}
     * files by tag (either null for none).
     */
    public HashTable(ObjectStore store, BanList bans, TagIndex tags, Counters counters) {
        this.store = java.util.Objects.requireNonNull(store, "store");
        this.bans = bans;
        this.tags = tags;
        this.counters = counters;
    }

    /** A table over {@code store} without bans or tags. */
    public HashTable(ObjectStore store) {
        this(store, null, null, null);
    }

    /**
     * Adds the ban {@code expression} (a policy's {@code ban()}) to the node's list; returns null,
     * or why it was refused.
     */
    public String ban(String expression) {
        if (bans == null) {
            return "this cache keeps no bans";
        }
        try {
            bans.add(BanParser.words(expression));
            return null;
        } catch (BanException e) {
            return e.getMessage();
        }
    }

    /** The store. */
    public ObjectStore store() {
        return store;
    }

    /**
     * Looks up {@code key} for a request with headers {@code req} at {@code now} (epoch ms).
     *
     * <p>A stored object is a hit while fresh and acceptable to the request's directives
     * (max-age, min-fresh, no-cache), or while stale within what max-stale allows; it is a grace
     * hit within its grace unless the request constrains freshness. Otherwise it is handed back
     * with the miss, as the stale response the fetch may revalidate.
     *
     * <p>An object a ban made obsolete is removed on the way ({@code bans_obj_killed}).
     *
     * @param url the request's URL, for bans on {@code req.url}
     * @param alwaysMiss ignore stored objects ({@code req.hash_always_miss})
     * @param ignoreBusy do not wait for a fetch under way ({@code req.hash_ignore_busy})
     */
    public Lookup lookup(HashKey key, String url, HeaderFields req, long now, boolean alwaysMiss, boolean ignoreBusy,
                         RequestDirectives asked) {
        return lookup(key, url, req, now, alwaysMiss, ignoreBusy, asked, -1, -1);
    }

    /**
     * As {@link #lookup(HashKey, String, HeaderFields, long, boolean, boolean, RequestDirectives)},
     * with the policy's caps on the objects' ttl and grace ({@code req.ttl}, {@code req.grace}; -1
     * for none). As in varnishd, an object past {@code req.ttl} but within its own ttl is neither a
     * hit nor a grace hit; an expired one is a grace hit until origin + min(ttl, req.ttl) +
     * min(grace, req.grace).
     */
    public Lookup lookup(HashKey key, String url, HeaderFields req, long now, boolean alwaysMiss, boolean ignoreBusy,
                         RequestDirectives asked, long ttlCapMillis, long graceCapMillis) {
        for (;;) {
            StoredObject found = alwaysMiss ? null : match(key, store.get(key), url, req, now);
            StoredObject stale = null;
            if (found != null) {
                boolean fresh = now < found.freshUntil();
                switch (found.kind()) {
                    case HIT_FOR_PASS -> {
                        if (fresh) {
                            return new Lookup(Lookup.Kind.HIT_PASS, found, null);
                        }
                    }
                    case HIT_FOR_MISS -> {
                        if (fresh) {
                            return new Lookup(Lookup.Kind.HIT_MISS, found, null);
                        }
                    }
                    case OBJECT -> {
                        if (fresh && ttlCapMillis >= 0 && now >= found.origin() + ttlCapMillis) {
                            // fresh, but older than the policy accepts: a miss
                            stale = found;
                            break;
                        }
                        if (fresh && acceptable(found, now, asked)) {
                            return new Lookup(Lookup.Kind.HIT, found, null);
                        }
                        if (!fresh && !asked.constrains() && now < graceUntil(found, ttlCapMillis, graceCapMillis)) {
                            return new Lookup(Lookup.Kind.GRACE, found, null);
                        }
                        if (!fresh && staleAllowed(found, now, asked)) {
                            return new Lookup(Lookup.Kind.HIT, found, null);
                        }
                        stale = found;
                    }
                }
            }
            BusyObject running = busy.get(key);
            if (running != null && !ignoreBusy) {
                switch (running.state()) {
                    case BUSY -> {
                        return new Lookup(Lookup.Kind.BUSY, null, running);
                    }
                    case STREAMING -> {
                        StoredObject head = running.head();
                        // shared only while fresh: a response stored to be revalidated (no-cache, ttl 0) is not
                        if (running.isShared() && now < head.freshUntil()
                                && VaryMatcher.matches(StoredDirectives.joined(head, "Vary"), head.variant(), req)
                                && (!asked.constrains() || acceptable(head, now, asked))) {
                            return new Lookup(Lookup.Kind.HIT, head, running);
                        }
                        return new Lookup(Lookup.Kind.MISS_ALONE, stale, null);
                    }
                    case FAILED -> {
                        busy.remove(key, running);
                        continue;
                    }
                }
            }
            if (running != null) {
                return new Lookup(Lookup.Kind.MISS_ALONE, stale, null);
            }
            BusyObject mine = new BusyObject(key);
            if (busy.putIfAbsent(key, mine) == null) {
                return new Lookup(Lookup.Kind.MISS, stale, mine);
            }
        }
    }

    /** A fresh object the request's max-age, min-fresh and no-cache accept. */
    private static long graceUntil(StoredObject o, long ttlCapMillis, long graceCapMillis) {
        if (ttlCapMillis < 0 && graceCapMillis < 0) {
            return o.graceUntil();
        }
        long ttl = ttlCapMillis >= 0 ? Math.min(o.ttlMillis(), ttlCapMillis) : o.ttlMillis();
        long grace = graceCapMillis >= 0 ? Math.min(o.graceMillis(), graceCapMillis) : o.graceMillis();
        return o.origin() + ttl + grace;
    }

    private static boolean acceptable(StoredObject o, long now, RequestDirectives asked) {
        return !asked.noCache()
                && (asked.maxAge() < 0 || now - o.origin() <= asked.maxAge() * 1000)
                && (asked.minFresh() < 0 || o.freshUntil() - now >= asked.minFresh() * 1000);
    }

    /** A stale object the request's max-stale accepts, unless the response forbids serving it stale. */
    private static boolean staleAllowed(StoredObject o, long now, RequestDirectives asked) {
        return asked.maxStale() >= 0 && !asked.noCache()
                && now - o.freshUntil() <= Math.min(asked.maxStale(), Long.MAX_VALUE / 2000) * 1000
                && (asked.maxAge() < 0 || now - o.origin() <= asked.maxAge() * 1000)
                && !StoredDirectives.forbidsStale(o);
    }

    /**
     * Claims {@code key} for a background refresh of an object in grace; null when a fetch for it
     * is already under way.
     */
    public BusyObject claimRefresh(HashKey key) {
        BusyObject mine = new BusyObject(key);
        return busy.putIfAbsent(key, mine) == null ? mine : null;
    }

    /** Ends a fetch: its busy object is no longer found by lookups. */
    public void release(BusyObject fetch) {
        if (fetch.key() != null) {
            busy.remove(fetch.key(), fetch);
        }
    }

    /** Stores a fetched object as a variant under its key; false when the store refused it. */
    public boolean insert(HashKey key, StoredObject object) {
        boolean stored = store.put(key, object);
        if (stored && tags != null && object.kind() == StoredObject.Kind.OBJECT) {
            tags.add(key, object);
        }
        return stored;
    }

    /** Evicts every variant under {@code key} (purge); returns how many there were. */
    public int purge(HashKey key) {
        return store.removeAll(key);
    }

    /** Number of fetches under way that other requests could wait on. */
    public int busyCount() {
        return busy.size();
    }

    private StoredObject match(HashKey key, Variants variants, String url, HeaderFields req, long now) {
        if (variants == null) {
            return null;
        }
        for (StoredObject o : variants.objects()) {
            if (now < o.expires() && VaryMatcher.matches(StoredDirectives.joined(o, "Vary"), o.variant(), req)) {
                if (bans != null && bans.check(o, url, req, now) != null) {
                    store.remove(key, o);
                    counters.inc(io.lacquer.core.stats.Counter.BANS_OBJ_KILLED);
                    continue;
                }
                return o;
            }
        }
        return null;
    }
}
