package io.lacquer.storage;

import io.lacquer.storage.EntryCodec.Head;
import io.lacquer.storage.EntryCodec.Variant;
import net.openhft.chronicle.map.ChronicleMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import static java.util.Objects.requireNonNull;

/**
 * The persistent store: a Chronicle Map file of heads and extents (see {@link EntryCodec}), which a
 * restarted node serves from at once.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>Layout. One head per hash key holds every Vary variant, so a purge is one removal. A body
 * up to {@link #INLINE_MAX} bytes sits in its head; a larger one is cut into {@link #EXTENT_BYTES}
 * extents, each its own map entry, because a Chronicle entry is limited to a few thousand chunks
 * (about 850 KiB in a map laid out for 1 KiB values). Extents are written first and the head last,
 * so the head is the commit point: a crash in between leaves extents no head names, removed when
 * the file is next opened.
 * <li>Integrity. Every entry carries a CRC32C (and a head the CRC32C of each body in extents); an
 * entry that fails it is dropped and counted, never served.
 * <li>Bounds. Chronicle Map never evicts, so the store counts the bytes and entries it holds and,
 * before a write that would pass its capacity, evicts on the writing thread ({@link ClockSweep}).
 * A write that cannot be made to fit is refused: the caller delivers without storing.
 * <li>Reads copy. A hit copies the body out of the map into direct buffers, because an entry's
 * memory is reused once it is removed; the tiered store keeps that copy in its heap tier.
 * </ul>
 */
final class OffHeapStore implements ObjectStore {
    /** Bodies up to this size are kept in their head. */
    static final int INLINE_MAX = 16 * 1024;
    /** The size of one extent of a large body. */
    static final int EXTENT_BYTES = 64 * 1024;
    /** Past this size a head drops its oldest variants. */
    static final int MAX_HEAD_BYTES = 256 * 1024;
    private static final int ENTRY_OVERHEAD = 16;

    private final String name;
    private final long capacity;
    private final long maxObjectBytes;
    private final long maxEntries;
    private final StoreEvents events;
    private final OffHeapFile file;
    private final ChronicleMap<byte[], byte[]> map;
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();
    private final StoreMeter meter = new StoreMeter();
    private final ClockSweep sweep;
    private final Extents extents;
    private final Gate gate = new Gate();

    private OffHeapStore(String name, long capacity, long maxObjectBytes, OffHeapFile file, StoreEvents events,
                         long sweepMillis) {
        this.name = name;
        this.capacity = capacity;
        this.maxObjectBytes = maxObjectBytes;
        this.maxEntries = OffHeapFile.maxEntries(capacity);
        this.events = events;
        this.file = file;
        this.map = file.map();
        this.sweep = new ClockSweep(this, map, maxEntries);
        this.extents = new Extents(map);
        OpenScan.Tally found = OpenScan.scan(map, extents, System.currentTimeMillis());
        account(found.bytes(), found.entries(), found.objects());
        meter.corrupt(found.corrupt());
        report(found.expired(), 0);
        if (!fits()) {
            // the file was filled under a larger size: come within this one before serving
            sweep.makeRoom();
        }
        sweep.start(name, sweepMillis);
    }

    /**
     * Opens the store kept in {@code path}, creating it or serving what it holds.
     *
     * @param sweepMillis how often the background sweep looks for expired objects
     */
    static OffHeapStore open(String name, long capacityBytes, long maxObjectBytes, Path path, StoreEvents events,
                             long sweepMillis) throws IOException {
        requireNonNull(name, "name");
        requireNonNull(path, "path");
        requireNonNull(events, "events");
        if (capacityBytes < (1L << 20)) {
            throw new IllegalArgumentException("capacity: " + capacityBytes + " bytes (expected: >= 1m)");
        }
        if (maxObjectBytes <= 0 || maxObjectBytes > capacityBytes) {
            throw new IllegalArgumentException("max_object: " + maxObjectBytes + " bytes (expected: > 0 and <= "
                    + capacityBytes + ")");
        }
        return new OffHeapStore(name, capacityBytes, maxObjectBytes, OffHeapFile.open(name, path, capacityBytes),
                events, sweepMillis);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Variants get(HashKey key) {
        if (!gate.enter()) {
            return null;
        }
        try {
            return getInside(key);
        } finally {
            gate.exit();
        }
    }

    private Variants getInside(HashKey key) {
        Found found = read(EntryCodec.headKey(key));
        return found == null ? null : found.variants();
    }

    @Override
    public boolean put(HashKey key, StoredObject object) {
        return store(key, object) > 0;
    }

    /**
     * Stores {@code object} as a variant under {@code key}; returns how many variants the key then
     * has, or -1 when the object was refused (too large, no room, a write error).
     */
    int store(HashKey key, StoredObject object) {
        if (!gate.enter()) {
            return -1;
        }
        try {
            return storeInside(key, object);
        } finally {
            gate.exit();
        }
    }

    private int storeInside(HashKey key, StoredObject object) {
        requireNonNull(key, "key");
        requireNonNull(object, "object");
        meter.request();
        if (object.weight() > maxObjectBytes) {
            meter.fail();
            return -1;
        }
        byte[] hk = EntryCodec.headKey(key);
        long length = object.body().length();
        Variant variant = Variant.inline(object);
        long extentCost = 0;
        int extentCount = 0;
        if (length > INLINE_MAX) {
            extentCount = (int) ((length + EXTENT_BYTES - 1) / EXTENT_BYTES);
            extentCost = length + extentCount * cost(EntryCodec.EXTENT_KEY_BYTES, EntryCodec.PREFIX_BYTES);
            if (!reserve(extentCost, extentCount)) {
                meter.fail();
                return -1;
            }
            long id = newId();
            variant = new Variant(object.withBody(Body.EMPTY), id, extentCount, EntryCodec.crc(object.body()), length);
            try {
                extents.write(hk, variant, object.body());
            } catch (RuntimeException e) {
                deleteExtents(hk, variant, false);
                release(extentCost, extentCount);
                meter.fail();
                return -1;
            }
        }
        long headEstimate = cost(EntryCodec.DIGEST_BYTES, EntryCodec.encodeHead(new Head(key, List.of(variant))).length);
        if (!reserve(headEstimate, 1)) {
            deleteExtents(hk, variant, false);
            release(extentCost, extentCount);
            meter.fail();
            return -1;
        }
        HeadChange change = new HeadChange(key, variant);
        try {
            map.compute(hk, change::apply);
        } catch (RuntimeException e) {
            // typically a full segment Chronicle cannot grow: refuse, the request is still served
            release(headEstimate, 1);
            deleteExtents(hk, variant, false);
            release(extentCost, extentCount);
            meter.fail();
            return -1;
        }
        long headDelta = cost(EntryCodec.DIGEST_BYTES, change.newBytes)
                - (change.oldBytes < 0 ? 0 : cost(EntryCodec.DIGEST_BYTES, change.oldBytes));
        used.addAndGet(headDelta - headEstimate);
        entries.addAndGet((change.oldBytes < 0 ? 1 : 0) - 1);
        objects.addAndGet(change.newCount - change.oldCount);
        meter.stored(extentCost + cost(EntryCodec.DIGEST_BYTES, change.newBytes));
        if (change.oldBytes >= 0) {
            meter.freed(cost(EntryCodec.DIGEST_BYTES, change.oldBytes));
        }
        if (change.oldCorrupt) {
            meter.corrupt();
        }
        int expired = 0;
        int nuked = 0;
        for (Variant dropped : change.dropped) {
            deleteExtents(hk, dropped, true);
            if (dropped.object().expires() <= change.now) {
                expired++;
            } else if (!Objects.equals(dropped.object().variant(), object.variant())) {
                nuked++;
            }
        }
        report(expired, nuked);
        sweep.admit(hk);
        if (!fits()) {
            sweep.makeRoom();
        }
        return change.newCount;
    }

    @Override
    public boolean remove(HashKey key, StoredObject object) {
        if (!gate.enter()) {
            return false;
        }
        try {
            return removeInside(key, object);
        } finally {
            gate.exit();
        }
    }

    private boolean removeInside(HashKey key, StoredObject object) {
        byte[] hk = EntryCodec.headKey(key);
        List<Variant> removed = new ArrayList<>();
        long[] sizes = {-1, -1};
        map.computeIfPresent(hk, (k, old) -> {
            removed.clear();
            Head head = EntryCodec.decodeHead(old, true);
            if (head == null) {
                return old;
            }
            List<Variant> keep = new ArrayList<>();
            for (Variant v : head.variants()) {
                StoredObject o = v.object();
                if (o.sameAs(object)) {
                    removed.add(v);
                } else {
                    keep.add(v);
                }
            }
            sizes[0] = old.length;
            if (removed.isEmpty()) {
                sizes[1] = old.length;
                return old;
            }
            byte[] next = keep.isEmpty() ? null : EntryCodec.encodeHead(new Head(head.key(), keep));
            sizes[1] = next == null ? -1 : next.length;
            return next;
        });
        if (removed.isEmpty()) {
            return false;
        }
        long before = cost(EntryCodec.DIGEST_BYTES, sizes[0]);
        long after = sizes[1] < 0 ? 0 : cost(EntryCodec.DIGEST_BYTES, sizes[1]);
        account(after - before, sizes[1] < 0 ? -1 : 0, -removed.size());
        for (Variant v : removed) {
            deleteExtents(hk, v, true);
        }
        return true;
    }

    @Override
    public int removeAll(HashKey key) {
        if (!gate.enter()) {
            return 0;
        }
        try {
            return removeAllInside(key);
        } finally {
            gate.exit();
        }
    }

    private int removeAllInside(HashKey key) {
        byte[] hk = EntryCodec.headKey(key);
        byte[] old = extents.removeEntry(hk);
        if (old == null) {
            return 0;
        }
        Head head = EntryCodec.decodeHead(old, false);
        int n = head == null ? 1 : head.variants().size();
        account(-cost(EntryCodec.DIGEST_BYTES, old.length), -1, -n);
        if (head != null) {
            for (Variant v : head.variants()) {
                deleteExtents(hk, v, true);
            }
        }
        return n;
    }

    @Override
    public void forEach(BiConsumer<HashKey, Variants> visitor) {
        if (!gate.enter()) {
            return;
        }
        try {
            forEachInside(visitor);
        } finally {
            gate.exit();
        }
    }

    private void forEachInside(BiConsumer<HashKey, Variants> visitor) {
        for (int s = 0; s < map.segments(); s++) {
            List<byte[]> heads = new ArrayList<>();
            try (var segment = map.segmentContext(s)) {
                segment.forEachSegmentEntry(e -> {
                    if (e.key().size() == EntryCodec.DIGEST_BYTES) {
                        heads.add(e.key().get().clone());
                    }
                });
            }
            for (byte[] hk : heads) {
                Found found = read(hk);
                if (found != null) {
                    visitor.accept(found.key(), found.variants());
                }
            }
        }
    }

    @Override
    public long objectCount() {
        return objects.get();
    }

    @Override
    public long usedBytes() {
        return used.get();
    }

    @Override
    public long capacityBytes() {
        return capacity;
    }

    @Override
    public List<StoreStats> stats() {
        return List.of(meter.snapshot(name, "offheap", used.get(), capacity));
    }

    @Override
    public byte[] readState(String name) {
        if (!gate.enter()) {
            return null;
        }
        try {
            return readStateInside(name);
        } finally {
            gate.exit();
        }
    }

    private byte[] readStateInside(String name) {
        byte[] stored = map.get(EntryCodec.stateKey(requireNonNull(name, "name")));
        if (stored == null) {
            return null;
        }
        byte[] value = EntryCodec.decodeState(stored);
        if (value == null) {
            meter.corrupt();
        }
        return value;
    }

    @Override
    public boolean writeState(String name, byte[] value) {
        if (!gate.enter()) {
            return false;
        }
        try {
            return writeStateInside(name, value);
        } finally {
            gate.exit();
        }
    }

    private boolean writeStateInside(String name, byte[] value) {
        requireNonNull(value, "value");
        byte[] key = EntryCodec.stateKey(requireNonNull(name, "name"));
        byte[] stored = EntryCodec.encodeState(value);
        if (stored.length > MAX_HEAD_BYTES) {
            throw new IllegalArgumentException("state " + name + ": " + value.length + " bytes (expected: <= "
                    + (MAX_HEAD_BYTES - EntryCodec.PREFIX_BYTES) + ")");
        }
        byte[] old = map.put(key, stored);
        account(cost(key.length, stored.length) - (old == null ? 0 : cost(key.length, old.length)), old == null ? 1 : 0, 0);
        return true;
    }

    /** Entries (heads, extents and states) in the map. */
    long entryCount() {
        return entries.get();
    }

    /** Whether the file was recovered after an unclean stop when opened. */
    boolean recovered() {
        return file.recovered();
    }

    /** The map itself, for tests that damage or inspect entries. */
    ChronicleMap<byte[], byte[]> map() {
        return map;
    }

    /** The map file's size on disk. */
    long fileBytes() {
        return file.fileBytes();
    }

    @Override
    public void close() {
        // operations under way finish first: the map's memory is unmapped by the close
        gate.shut(10_000);
        sweep.stop();
        file.close();
    }

    @Override
    public String toString() {
        return name + "=offheap," + capacity + "," + file;
    }

    // ---- bookkeeping shared with ClockSweep

    /** Whether the store is within its bytes and entries. */
    boolean fits() {
        return used.get() <= capacity && entries.get() <= maxEntries;
    }

    /** Books a change of bytes, entries and objects. */
    void account(long bytes, long entryDelta, long objectDelta) {
        used.addAndGet(bytes);
        entries.addAndGet(entryDelta);
        objects.addAndGet(objectDelta);
        if (bytes < 0) {
            meter.freed(-bytes);
        }
    }

    /** Reports objects removed for expiry and for room. */
    void report(int expired, int nuked) {
        if (expired > 0) {
            events.expired(expired);
        }
        if (nuked > 0) {
            events.nuked(nuked);
        }
    }

    /** Books the removal of a head and the extents it names; returns the extents to delete. */
    List<Variant> headRemoved(byte[] value, Head head) {
        account(-cost(EntryCodec.DIGEST_BYTES, value.length), -1, head == null ? -1 : -head.variants().size());
        List<Variant> large = new ArrayList<>();
        if (head != null) {
            for (Variant v : head.variants()) {
                if (v.inExtents()) {
                    account(-extentsCost(v), -v.extentCount(), 0);
                    large.add(v);
                }
            }
        }
        return large;
    }

    /** Deletes the extents of {@code v} under {@code hk}; books them unless already booked. */
    void deleteExtents(byte[] hk, Variant v, boolean book) {
        if (!v.inExtents()) {
            return;
        }
        for (int i = 0; i < v.extentCount(); i++) {
            long size = extents.removeSized(EntryCodec.extentKey(hk, v.bodyId(), i));
            if (book && size >= 0) {
                account(-cost(EntryCodec.EXTENT_KEY_BYTES, size), -1, 0);
            }
        }
    }

    static long cost(long keyBytes, long valueBytes) {
        return keyBytes + valueBytes + ENTRY_OVERHEAD;
    }

    private static long extentsCost(Variant v) {
        return v.bodyLength() + v.extentCount() * cost(EntryCodec.EXTENT_KEY_BYTES, EntryCodec.PREFIX_BYTES);
    }

    // ---- reads and writes

    private record Found(HashKey key, Variants variants) { }

    private Found read(byte[] hk) {
        for (int attempt = 0; attempt < 3; attempt++) {
            byte[] hv = map.get(hk);
            if (hv == null) {
                return null;
            }
            Head head = EntryCodec.decodeHead(hv, true);
            if (head == null) {
                dropCorrupt(hk, hv);
                return null;
            }
            long now = System.currentTimeMillis();
            List<StoredObject> out = new ArrayList<>(head.variants().size());
            boolean torn = false;
            for (Variant v : head.variants()) {
                if (v.object().expires() <= now) {
                    continue;
                }
                if (!v.inExtents()) {
                    out.add(v.object());
                    continue;
                }
                Body body = extents.read(hk, v);
                if (body == null) {
                    torn = true;
                    break;
                }
                out.add(v.object().withBody(body));
            }
            if (torn) {
                if (Arrays.equals(map.get(hk), hv)) {
                    dropCorrupt(hk, hv);
                    return null;
                }
                continue; // the head changed while its extents were read: read it again
            }
            if (out.isEmpty()) {
                return null;
            }
            sweep.touch(hk);
            return new Found(head.key(), Variants.ofAll(out));
        }
        return null;
    }

    private void dropCorrupt(byte[] hk, byte[] hv) {
        if (map.remove(hk, hv)) {
            meter.corrupt();
            Head head = EntryCodec.decodeHead(hv, false);
            for (Variant v : headRemoved(hv, head)) {
                deleteExtents(hk, v, false);
            }
        }
    }

    private boolean reserve(long bytes, int entryCount) {
        used.addAndGet(bytes);
        entries.addAndGet(entryCount);
        if (fits() || sweep.makeRoom()) {
            return true;
        }
        release(bytes, entryCount);
        return false;
    }

    private void release(long bytes, int entryCount) {
        used.addAndGet(-bytes);
        entries.addAndGet(-entryCount);
    }

    private static long newId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return id;
    }
}
