package io.lacquer.benchmarks;

import io.lacquer.core.backend.Director;
import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.BuiltinVcl;
import io.lacquer.core.vcl.ClientContext;
import io.lacquer.core.vcl.ObjView;
import io.lacquer.core.vcl.ReqView;
import io.lacquer.core.vcl.RespView;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of {@code vcl_recv} on the request path: a realistic ten-rule policy (host
 * normalisation, purge with an address check, a health URL, tracking parameters, static files,
 * admin and logged-in passes, WebSocket pipe, cookie stripping, Accept-Encoding normalisation),
 * compiled by the policy compiler, called on a rotating mix of eight request shapes. Each call
 * gets a fresh request (the policy rewrites headers); {@code requestOnly} measures building that
 * request alone, so the policy's own cost is the difference. {@code builtin-java} runs Varnish's
 * builtin recv written in Java, {@code builtin-dsl} the same in the DSL.
 *
 * <pre>
 * mvn -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar VclRecvBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class VclRecvBenchmark {
    /** The policy measured: ten rules in vcl_recv, then the builtin. */
    static final String POLICY = """
            backend 'static1', host: '127.0.0.1', port: 8101
            backend 'static2', host: '127.0.0.1', port: 8102
            backend 'dyn1', host: '127.0.0.1', port: 8201
            backend 'dyn2', host: '127.0.0.1', port: 8202
            director 'static', roundRobin('static1', 'static2')
            director 'dynamic', sticky(cookie: 'SERVERID', fallback: roundRobin('dyn1', 'dyn2'))

            vcl_recv {
                if (req.http.host =~ /^www\\./) {
                    req.http.host = req.http.host.substring(4)
                }
                if (req.method == 'PURGE') {
                    if (client.ip != '127.0.0.1') {
                        return synth(405, 'Not allowed')
                    }
                    return purge
                }
                if (req.url == '/lb-health') {
                    return synth(200, 'OK')
                }
                if (req.url =~ /[?&](utm_[a-z]+|fbclid|gclid)=/) {
                    req.url = req.url.replaceAll(/(utm_[a-z]+|fbclid|gclid)=[^&]*&?/, '')
                }
                if (req.url =~ /(?i)\\.(png|jpe?g|gif|webp|css|js|woff2?)(\\?.*)?$/) {
                    req.backend = 'static'
                    req.http.remove('Cookie')
                    return hash
                }
                req.backend = 'dynamic'
                if (req.url =~ /^\\/wp-(admin|login)/) {
                    return pass
                }
                if (req.http.Cookie =~ /wordpress_logged_in_|PHPSESSID/) {
                    return pass
                }
                if (req.http.Upgrade?.equalsIgnoreCase('websocket')) {
                    return pipe
                }
                req.http.remove('Cookie')
                if (req.http['Accept-Encoding'] =~ /gzip/) {
                    req.http['Accept-Encoding'] = 'gzip'
                } else {
                    req.http.remove('Accept-Encoding')
                }
            }
            """;

    /** The eight request shapes, each {@code method url client-ip header...}. */
    private static final List<String[]> SHAPES = List.of(
            new String[] {"GET", "/wp-content/uploads/2026/11/photo.jpg", "198.51.100.1", "Host: www.example.com",
                "Cookie: _ga=GA1.2.3; theme=dark", "Accept-Encoding: gzip, deflate, br", "User-Agent: Mozilla/5.0"},
            new String[] {"GET", "/2026/11/hello-world/", "198.51.100.2", "Host: example.com",
                "Cookie: _ga=GA1.2.3", "Accept-Encoding: gzip, deflate, br", "User-Agent: Mozilla/5.0"},
            new String[] {"GET", "/shop/cart/", "198.51.100.3", "Host: example.com",
                "Cookie: wordpress_logged_in_5f3a=admin%7C1700000000; _ga=x", "Accept-Encoding: gzip", "User-Agent: Mozilla/5.0"},
            new String[] {"GET", "/wp-admin/edit.php", "198.51.100.4", "Host: example.com",
                "Cookie: wordpress_logged_in_5f3a=admin", "Accept-Encoding: br", "User-Agent: Mozilla/5.0"},
            new String[] {"GET", "/css/site.css?ver=6.4", "198.51.100.5", "Host: www.example.com",
                "Accept-Encoding: gzip", "User-Agent: Mozilla/5.0"},
            new String[] {"GET", "/?utm_source=news&utm_medium=mail", "198.51.100.6", "Host: example.com",
                "Accept-Encoding: gzip", "User-Agent: Mozilla/5.0"},
            new String[] {"PURGE", "/2026/11/hello-world/", "127.0.0.1", "Host: example.com"},
            new String[] {"GET", "/chat", "198.51.100.7", "Host: example.com", "Upgrade: websocket",
                "Connection: Upgrade"});

    /** Which policy runs. */
    @Param({"ten-rules-dsl", "builtin-dsl", "builtin-java"})
    String policy;

    private VclProgram program;
    private int next;

    @Setup
    public void setUp() throws Exception {
        VclCompiler compiler = new VclCompiler(VclEnvironment.standalone());
        program = switch (policy) {
            case "ten-rules-dsl" -> compiler.compile("bench", "bench.groovy", POLICY);
            case "builtin-dsl" -> compiler.compile("bench", "bench.groovy",
                    "backend 'web', host: '127.0.0.1', port: 8080");
            default -> new BuiltinVcl("bench", null);
        };
    }

    @TearDown
    public void tearDown() {
        if (program instanceof GroovyVclProgram g) {
            g.close();
        }
    }

    /** vcl_recv on the next request shape. */
    @Benchmark
    public Action recv() {
        return program.recv(nextRequest());
    }

    /** Building the request alone, to subtract from {@link #recv}. */
    @Benchmark
    public Object requestOnly() {
        return nextRequest();
    }

    private BenchRequest nextRequest() {
        String[] shape = SHAPES.get(next++ & 7);
        return new BenchRequest(shape);
    }

    /** A client request as the engine shows it to a policy, built from a shape. */
    static final class BenchRequest implements ClientContext, ReqView {
        private final String[] shape;
        private final HeaderList http = new HeaderList();
        private String method;
        private String url;
        private Director backend;
        private String identity;

        BenchRequest(String[] shape) {
            this.shape = shape;
            this.method = shape[0];
            this.url = shape[1];
            for (int i = 3; i < shape.length; i++) {
                int colon = shape[i].indexOf(':');
                http.add(shape[i].substring(0, colon), shape[i].substring(colon + 2));
            }
        }

        @Override
        public ReqView req() {
            return this;
        }

        @Override
        public RespView resp() {
            return null;
        }

        @Override
        public ObjView obj() {
            return null;
        }

        @Override
        public void hashData(String data) {
            throw new IllegalStateException("not in vcl_hash");
        }

        @Override
        public Action synth(int status, String reason) {
            return Action.SYNTH;
        }

        @Override
        public String serverIdentity() {
            return "bench";
        }

        @Override
        public String ban(String expression) {
            return "no bans in this benchmark";
        }

        @Override
        public String method() {
            return method;
        }

        @Override
        public void method(String method) {
            this.method = method;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public void url(String url) {
            this.url = url;
        }

        @Override
        public String proto() {
            return "HTTP/1.1";
        }

        @Override
        public HeaderFields http() {
            return http;
        }

        @Override
        public Director backend() {
            return backend;
        }

        @Override
        public void backend(Director director) {
            this.backend = director;
        }

        @Override
        public int restarts() {
            return 0;
        }

        @Override
        public long xid() {
            return 1;
        }

        @Override
        public double ttl() {
            return -1;
        }

        @Override
        public void ttl(double seconds) {
            // not used by the benchmark
        }

        @Override
        public double grace() {
            return -1;
        }

        @Override
        public void grace(double seconds) {
            // not used by the benchmark
        }

        @Override
        public boolean isHitMiss() {
            return false;
        }

        @Override
        public boolean isHitPass() {
            return false;
        }

        @Override
        public void hashAlwaysMiss(boolean miss) {
            // not used by the policy measured
        }

        @Override
        public void hashIgnoreBusy(boolean ignore) {
            // not used by the policy measured
        }

        @Override
        public String clientIp() {
            return shape[2];
        }

        @Override
        public String serverIp() {
            return "127.0.0.1";
        }

        @Override
        public String clientIdentity() {
            return identity != null ? identity : shape[2];
        }

        @Override
        public void clientIdentity(String identity) {
            this.identity = identity;
        }
    }
}
