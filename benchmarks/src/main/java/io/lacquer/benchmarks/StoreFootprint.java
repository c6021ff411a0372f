package io.lacquer.benchmarks;

import io.lacquer.core.hash.HashInput;
import io.lacquer.storage.Body;
import io.lacquer.storage.HashKey;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StorageSpec;
import io.lacquer.storage.StoreEvents;
import io.lacquer.storage.StoredObject;
import io.lacquer.storage.Variants;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Measures what a store of many small objects costs: heap, direct and resident memory after
 * filling it, and how long a reopened store takes to serve its first hit. Keys are those of
 * {@code GET /obj/<i>} with {@code Host: bench} under the builtin policy, so a node started on the
 * same file serves them. Run by {@code benchmarks/store-footprint.sh}; by hand:
 *
 * <pre>
 * java -Xmx256m &lt;chronicle flags&gt; -cp benchmarks/target/benchmarks.jar io.lacquer.benchmarks.StoreFootprint \
 *     fill "disk=offheap,2g,/tmp/footprint.cmap" 1000000 1024 [close|halt]
 * java -Xmx256m &lt;chronicle flags&gt; -cp … io.lacquer.benchmarks.StoreFootprint open "disk=offheap,2g,/tmp/footprint.cmap"
 * </pre>
 * {@code halt} ends the JVM without closing the store, as {@code kill -9} would.
 */
public final class StoreFootprint {
    private StoreFootprint() {
    }

    /** Runs {@code fill} or {@code open}; see the class comment. */
    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        if (args.length >= 4 && args[0].equals("fill")) {
            fill(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args.length > 4 ? args[4] : "close", start);
        } else if (args.length == 2 && args[0].equals("open")) {
            open(args[1], start);
        } else {
            System.err.println("usage: StoreFootprint fill SPEC COUNT BODY_BYTES [close|halt] | open SPEC");
            System.exit(2);
        }
    }

    /** The key of {@code GET /obj/<i>} with {@code Host: bench} under the builtin vcl_hash. */
    static HashKey key(int i) {
        HashInput in = new HashInput();
        in.add("/obj/" + i);
        in.add("bench");
        return in.finish();
    }

    private static void fill(String spec, int count, int bodyBytes, String end, long start) throws IOException {
        byte[] body = new byte[bodyBytes];
        new Random(1).nextBytes(body);
        List<StoredObject.Header> headers = List.of(new StoredObject.Header("Content-Type", "application/octet-stream"),
                new StoredObject.Header("Cache-Control", "max-age=86400"));
        ObjectStore store = StorageSpec.parse(spec).open(StoreEvents.NONE);
        report("opened", start);
        long t = System.nanoTime();
        long now = System.currentTimeMillis();
        int refused = 0;
        for (int i = 0; i < count; i++) {
            // one shared direct buffer: the store copies it into its file, as it does a fetched body
            Body b = Body.of(List.of(ByteBuffer.wrap(body)));
            StoredObject o = new StoredObject(i, 200, "OK", headers, null, b, now, 86_400_000L, 10_000, 0,
                    StoredObject.Kind.OBJECT);
            if (!store.put(key(i), o)) {
                refused++;
            }
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        System.out.printf("filled %,d objects of %,d B in %.1f s (%,.0f puts/s), refused %,d%n", count, bodyBytes,
                seconds, count / seconds, refused);
        System.out.printf("store: %,d objects, %,d bytes used of %,d%n", store.objectCount(), store.usedBytes(),
                store.capacityBytes());
        memory();
        if (end.equals("halt")) {
            System.out.println("halting without closing the store");
            System.out.flush();
            Runtime.getRuntime().halt(0);
        }
        long c = System.nanoTime();
        store.close();
        System.out.printf("closed in %.2f s%n", (System.nanoTime() - c) / 1e9);
    }

    private static void open(String spec, long start) {
        ObjectStore store = StorageSpec.parse(spec).open(StoreEvents.NONE);
        report("opened and counted " + store.objectCount() + " objects", start);
        Variants v = store.get(key(1));
        report("first hit " + (v == null ? "MISSED" : v.objects().get(0).body().length() + " B"), start);
        memory();
        store.close();
    }

    private static void report(String what, long start) {
        System.out.printf("%s after %.2f s%n", what, (System.nanoTime() - start) / 1e9);
    }

    private static void memory() throws RuntimeException {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        long direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
        System.out.printf("heap used after GC %,d KiB (max %,d KiB), direct buffers %,d KiB%n", heap.getUsed() >> 10,
                heap.getMax() >> 10, direct >> 10);
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS") || line.startsWith("RssAnon") || line.startsWith("RssFile")
                        || line.startsWith("VmHWM")) {
                    System.out.println(line.replaceAll("\\s+", " "));
                }
            }
        } catch (IOException e) {
            System.out.println("no /proc/self/status: " + e.getMessage());
        }
    }
}
