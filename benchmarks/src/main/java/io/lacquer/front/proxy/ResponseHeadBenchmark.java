package io.lacquer.front.proxy;

import io.undertow.util.HeaderMap;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The front's cost of reading a server's response head: finding its end in the read buffer and
 * parsing it into the exchange's header map, for nginx's answer to a static file (8 header
 * lines, a 1 KiB body behind them in the same read), as in {@code proxy-front/bench}. In the
 * front's package, since the parser is package-private.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ResponseHeadBenchmark
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResponseHeadBenchmark {
    static final String NGINX_HEAD = "HTTP/1.1 200 OK\r\n"
            + "Server: nginx/1.22.1\r\n"
            + "Date: Sat, 21 Nov 2026 14:09:53 GMT\r\n"
            + "Content-Type: application/octet-stream\r\n"
            + "Content-Length: 1024\r\n"
            + "Last-Modified: Sat, 21 Nov 2026 14:09:52 GMT\r\n"
            + "Connection: keep-alive\r\n"
            + "ETag: \"6b01a630-400\"\r\n"
            + "Accept-Ranges: bytes\r\n"
            + "\r\n";

    private ByteBuffer read;
    private final HeaderMap headers = new HeaderMap();

    @Setup
    public void setUp() {
        byte[] head = NGINX_HEAD.getBytes(StandardCharsets.ISO_8859_1);
        read = ByteBuffer.allocateDirect(16 * 1024);
        read.put(head).put(new byte[1024]).flip();
    }

    /** Finds the head's end and parses it; returns the body length so nothing is optimised away. */
    @Benchmark
    public long endAndParse() throws ResponseHead.MalformedResponseException {
        read.position(0);
        headers.clear();
        int length = ResponseHead.end(read, 0);
        return ResponseHead.parse(read, length, false, headers).bodyLength;
    }

    /** Only finds the head's end, the part that runs again when a head arrives in pieces. */
    @Benchmark
    public int endOnly() {
        read.position(0);
        return ResponseHead.end(read, 0);
    }
}
