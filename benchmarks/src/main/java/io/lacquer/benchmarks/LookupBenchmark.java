package io.lacquer.benchmarks;

import io.lacquer.core.hash.HashInput;
import io.lacquer.core.hash.HashTable;
import io.lacquer.core.hash.Lookup;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.object.RequestDirectives;
import io.lacquer.storage.Body;
import io.lacquer.storage.HashKey;
import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StorageSpec;
import io.lacquer.storage.StoreEvents;
import io.lacquer.storage.StoredObject;
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

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The lookup path of a hit: hashing URL and Host into a {@link HashKey} (SHA-256, as
 * {@code vcl_hash} does) and finding the stored variant in a {@link HashTable} over the heap store,
 * with Zipf-distributed keys (a few hot objects, a long tail), as a cache sees them.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar LookupBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LookupBenchmark {
    private static final int DRAWS = 1 << 16;

    @Param({"10000", "100000"})
    int objects;

    private ObjectStore store;
    private HashTable table;
    private String[] urls;
    private HashKey[] keys;
    private int[] draws;
    private HeaderList request;

    @Setup(Level.Trial)
    public void fill() {
        store = StorageSpec.parse("heap,2g").open(StoreEvents.NONE);
        table = new HashTable(store);
        urls = new String[objects];
        keys = new HashKey[objects];
        Body body = Body.copyOf(new byte[1024]);
        long now = System.currentTimeMillis();
        for (int i = 0; i < objects; i++) {
            urls[i] = "/static/asset/" + i + ".css";
            keys[i] = hash(urls[i], "www.example.test");
            store.put(keys[i], new StoredObject(i, 200, "OK",
                    List.of(new StoredObject.Header("Content-Type", "text/css"),
                            new StoredObject.Header("Cache-Control", "max-age=3600")),
                    null, body, now, 3_600_000, 10_000, 0, StoredObject.Kind.OBJECT));
        }
        draws = Zipf.draws(objects, DRAWS, 1.0, new Random(42));
        request = new HeaderList();
        request.add("Host", "www.example.test");
        request.add("User-Agent", "bench");
        request.add("Accept", "*/*");
    }

    @TearDown(Level.Trial)
    public void close() {
        store.close();
    }

    /** Per-thread position in the draw sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** vcl_hash's two inputs into a SHA-256 key. */
    @Benchmark
    public HashKey hashOnly(Cursor c) {
        int i = draws[c.next++ & (DRAWS - 1)];
        return hash(urls[i], "www.example.test");
    }

    /** Hash, then lookup of a stored fresh object (a hit), one thread. */
    @Benchmark
    public Lookup hashAndLookup(Cursor c) {
        int i = draws[c.next++ & (DRAWS - 1)];
        return table.lookup(hash(urls[i], "www.example.test"), urls[i], request, System.currentTimeMillis(), false, false,
                RequestDirectives.NONE);
    }

    /** The same with two threads, as the two I/O threads of a node on these machines. */
    @Benchmark
    @Threads(2)
    public Lookup hashAndLookupTwoThreads(Cursor c) {
        int i = draws[c.next++ & (DRAWS - 1)];
        return table.lookup(hash(urls[i], "www.example.test"), urls[i], request, System.currentTimeMillis(), false, false,
                RequestDirectives.NONE);
    }

    private static HashKey hash(String url, String host) {
        HashInput in = new HashInput();
        in.add(url);
        in.add(host);
        return in.finish();
    }
}
