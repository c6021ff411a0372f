package io.lacquer.core.ban;

import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.stats.Counters;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The node's bans, newest first (Varnish's {@code cache_ban.c}).
 *
 * <p>Implementation notes: a ban applies to the objects stored before it. At lookup an object is
 * tested against the bans newer than itself and dropped if one matches, so a hit costs one read
 * of the newest ban's time when there are no new bans. The lurker tests object-only bans against
 * every stored object in the background, then marks them completed. Bans older than every stored
 * object can match nothing and are deleted (the newest one is always kept, as varnishd does).
 * A new ban with the same expression as an older one completes the older one ({@code ban_dups}).
 * The list is saved in the store after every change, so a persistent store restores it with its
 * objects and a banned object cannot come back after a restart.
 *
 * <p>Thread-safety: the list is replaced whole under the object's lock; readers see a snapshot.
 */
public final class BanList {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.core.ban");
    private static final String STATE = "ban.list";

    /** A ban and whether the lurker (or a newer duplicate) completed it. */
    record Entry(Ban ban, boolean completed) { }

    private final Counters counters;
    private final ObjectStore store;
    private volatile List<Entry> entries = List.of();
    private double lastTime;

    /** An empty list, saved in and restored from {@code store}. */
    public BanList(Counters counters, ObjectStore store) {
        this.counters = counters;
        this.store = store;
        restore();
        counters.gauge(Counter.BANS, () -> entries.size());
        counters.gauge(Counter.BANS_OBJ, () -> entries.stream().filter(e -> !e.completed() && e.ban().objectOnly()).count());
        counters.gauge(Counter.BANS_REQ, () -> entries.stream().filter(e -> !e.completed() && !e.ban().objectOnly()).count());
    }

    /** Adds a ban from its words; throws with varnishd's message when they do not parse. */
    public synchronized Ban add(List<String> words) throws BanException {
        double now = Math.max(System.currentTimeMillis() + (System.nanoTime() / 1000 % 1000) / 1000.0, lastTime + 0.001);
        lastTime = now;
        Ban ban = BanParser.parse(words, now);
        List<Entry> next = new ArrayList<>(entries.size() + 1);
        next.add(new Entry(ban, false));
        for (Entry e : entries) {
            if (!e.completed() && e.ban().spec().equals(ban.spec())) {
                counters.inc(Counter.BANS_DUPS);
                counters.inc(Counter.BANS_COMPLETED);
                next.add(new Entry(e.ban(), true));
            } else {
                next.add(e);
            }
        }
        entries = List.copyOf(next);
        counters.inc(Counter.BANS_ADDED);
        save();
        return ban;
    }

    /**
     * The ban that makes {@code o} obsolete for a request with {@code url} and headers {@code req},
     * or null. Only bans newer than the object are tested.
     */
    public Ban check(StoredObject o, String url, HeaderFields req, long now) {
        List<Entry> list = entries;
        for (Entry e : list) {
            if (!e.ban().predates(o)) {
                return null;
            }
            if (e.completed()) {
                continue;
            }
            counters.inc(Counter.BANS_TESTED);
            if (e.ban().matches(o, url, req, now)) {
                return e.ban();
            }
        }
        return null;
    }

    /**
     * One pass of the lurker: tests the object-only bans at least {@code minAgeMillis} old against
     * every stored object, removes what they match, completes them, and deletes bans older than
     * every stored object.
     */
    public void lurk(long minAgeMillis) {
        long now = System.currentTimeMillis();
        List<Ban> due = new ArrayList<>();
        for (Entry e : entries) {
            if (!e.completed() && e.ban().objectOnly() && now - e.ban().time() >= minAgeMillis) {
                due.add(e.ban());
            }
        }
        if (due.isEmpty() && entries.size() <= 1) {
            return;
        }
        long[] oldest = {Long.MAX_VALUE};
        store.forEach((key, variants) -> {
            for (StoredObject o : variants.objects()) {
                boolean killed = false;
                for (Ban b : due) {
                    if (b.predates(o)) {
                        counters.inc(Counter.BANS_LURKER_TESTED);
                        if (b.matches(o, null, null, now)) {
                            store.remove(key, o);
                            counters.inc(Counter.BANS_LURKER_OBJ_KILLED);
                            killed = true;
                            break;
                        }
                    }
                }
                if (!killed) {
                    oldest[0] = Math.min(oldest[0], o.stored());
                }
            }
        });
        finish(due, oldest[0]);
    }

    private synchronized void finish(List<Ban> completed, long oldestStored) {
        List<Entry> next = new ArrayList<>(entries.size());
        int newlyCompleted = 0;
        for (Entry e : entries) {
            boolean done = e.completed() || completed.contains(e.ban());
            if (done && !e.completed()) {
                newlyCompleted++;
            }
            next.add(done == e.completed() ? e : new Entry(e.ban(), true));
        }
        // bans older than every stored object can match nothing; the newest one is always kept
        int keep = next.size();
        while (keep > 1 && next.get(keep - 1).ban().time() <= oldestStored) {
            keep--;
        }
        List<Entry> trimmed = List.copyOf(next.subList(0, keep));
        if (!trimmed.equals(entries)) {
            entries = trimmed;
            save();
        }
        // counted once the list shows it, so whoever sees a counter move also sees the list
        counters.add(Counter.BANS_COMPLETED, newlyCompleted);
        counters.add(Counter.BANS_DELETED, next.size() - keep);
    }

    /** {@code ban.list}: "Present bans:" then one line per ban, newest first. */
    public String render() {
        StringBuilder sb = new StringBuilder("Present bans:\n");
        for (Entry e : entries) {
            sb.append(String.format(Locale.ROOT, "%10.6f %5d %s  %s\n", e.ban().time() / 1000, 0,
                    e.completed() ? "C" : "-", e.completed() ? "" : e.ban().spec()));
        }
        return sb.toString();
    }

    /** {@code ban.list -j}'s objects, newest first. */
    public List<String> renderJson() {
        List<String> out = new ArrayList<>();
        for (Entry e : entries) {
            out.add(String.format(Locale.ROOT, "{\"time\": %.6f,\"refs\": 0,\"completed\": %s,\"spec\": \"%s\"}",
                    e.ban().time() / 1000, e.completed(), e.ban().spec().replace("\\", "\\\\").replace("\"", "\\\"")));
        }
        return out;
    }

    /** The bans, newest first. */
    public List<Ban> bans() {
        return entries.stream().map(Entry::ban).toList();
    }

    private void save() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) {
            sb.append(e.ban().time()).append('\t').append(e.completed()).append('\t')
                    .append(String.join("\u001f", e.ban().args())).append('\n');
        }
        store.writeState(STATE, sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private void restore() {
        byte[] saved = store.readState(STATE);
        if (saved == null) {
            return;
        }
        List<Entry> restored = new ArrayList<>();
        for (String line : new String(saved, StandardCharsets.UTF_8).split("\n")) {
            String[] parts = line.split("\t", 3);
            if (parts.length < 3) {
                continue;
            }
            try {
                double time = Double.parseDouble(parts[0]);
                restored.add(new Entry(BanParser.parse(Arrays.asList(parts[2].split("\u001f")), time),
                        Boolean.parseBoolean(parts[1])));
                lastTime = Math.max(lastTime, time);
            } catch (BanException | NumberFormatException e) {
                LOG.warn("dropping a saved ban that no longer parses: {} ({})", parts[2], e.getMessage());
            }
        }
        entries = List.copyOf(restored);
        LOG.info("restored {} bans", restored.size());
    }
}
