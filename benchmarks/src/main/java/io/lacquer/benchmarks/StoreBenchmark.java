package io.lacquer.benchmarks;

import io.lacquer.storage.Body;
import io.lacquer.storage.HashKey;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StorageSpec;
import io.lacquer.storage.StoreEvents;
import io.lacquer.storage.StoredObject;
import io.lacquer.storage.Variants;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Get and put of one store tier, with Zipf-distributed keys (exponent 1: a few hot objects, a long
 * tail). {@code heap} is the Caffeine store holding every object; {@code offheap} the Chronicle Map
 * store (every get copies the body out of the file); {@code tiered} a heap tier a quarter of the
 * data's size over the off-heap tier, so hot keys are L1 hits and the tail is promoted from L2.
 * A put replaces the object under its key, as a refetch does.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * flock /tmp/lacquer-bench.lock java -jar benchmarks/target/benchmarks.jar StoreBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g", "-Dchronicle.analytics.disable=true",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED"})
public class StoreBenchmark {
    private static final int DRAWS = 1 << 16;
    private static final long DATA_BYTES = 192L << 20;

    @Param({"heap", "offheap", "tiered"})
    String tier;

    @Param({"1024", "65536"})
    int bodyBytes;

    private Path dir;
    private ObjectStore store;
    private HashKey[] keys;
    private StoredObject[] objects;
    private int[] draws;
    private int next;

    /** Opens the store and puts every object once. */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int count = (int) Math.min(100_000, DATA_BYTES / bodyBytes);
        long data = (long) count * (bodyBytes + 512);
        dir = Files.createTempDirectory("lacquer-store-bench");
        String disk = "disk=offheap," + 2 * data + "," + dir.resolve("bench.cmap");
        String spec = switch (tier) {
            case "heap" -> "mem=heap," + 2 * data;
            case "offheap" -> disk;
            case "tiered" -> "mem=heap," + data / 4 + " " + disk;
            default -> throw new IllegalArgumentException("tier: " + tier + " (expected: heap, offheap or tiered)");
        };
        store = StorageSpec.parse(spec).open(StoreEvents.NONE);
        Random random = new Random(42);
        keys = new HashKey[count];
        objects = new StoredObject[count];
        byte[] body = new byte[bodyBytes];
        random.nextBytes(body);
        List<StoredObject.Header> headers = List.of(new StoredObject.Header("Content-Type", "image/png"),
                new StoredObject.Header("Cache-Control", "max-age=86400"));
        long now = System.currentTimeMillis();
        for (int i = 0; i < count; i++) {
            byte[] digest = new byte[32];
            random.nextBytes(digest);
            keys[i] = HashKey.of(digest);
            Body b = Body.of(List.of(ByteBuffer.allocateDirect(bodyBytes).put(body).flip()));
            objects[i] = new StoredObject(i, 200, "OK", headers, null, b, now, 86_400_000L, 10_000, 0,
                    StoredObject.Kind.OBJECT);
            store.put(keys[i], objects[i]);
        }
        draws = Zipf.draws(count, DRAWS, 1.0, random);
    }

    /** Closes the store and deletes its file. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A lookup of a Zipf-drawn key. */
    @Benchmark
    public Variants get() {
        return store.get(keys[draws[next++ & (DRAWS - 1)]]);
    }

    /** A store of a Zipf-drawn object, replacing the one under its key. */
    @Benchmark
    public boolean put() {
        int i = draws[next++ & (DRAWS - 1)];
        return store.put(keys[i], objects[i]);
    }

}
