package io.lacquer.core.testkit;

import io.lacquer.core.CacheServer;
import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.BackendSpec;
import io.lacquer.core.backend.Director;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.vcl.BuiltinVcl;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.storage.StorageSpec;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A cache node on an ephemeral loopback port, in front of one backend, for end-to-end tests
 * (varnishtest's {@code varnish v1 -vcl+backend}). Runs the builtin policy unless given another.
 */
public final class TestNode implements AutoCloseable {
    private final CacheServer server;

    private TestNode(CacheServer server) {
        this.server = server;
    }

    /** A node with the builtin policy in front of {@code backend} ({@code host:port}). */
    public static TestNode start(String backend) {
        return builder(backend).start();
    }

    /** A builder for a node in front of {@code backend} ({@code host:port}). */
    public static Builder builder(String backend) {
        return new Builder(backend);
    }

    /** The client port. */
    public int port() {
        return server.address().getPort();
    }

    /** The node. */
    public CacheServer server() {
        return server;
    }

    /** A counter's value. */
    public long counter(Counter c) {
        return server.counters().get(c);
    }

    /**
     * Waits up to 5 s for a counter to reach {@code expected}, then returns its value. Stores happen
     * on the fetch thread just after the last byte went out, so a test reading a store counter right
     * after its response waits for it this way.
     */
    public long awaitCounter(Counter c, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (counter(c) != expected && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return counter(c);
    }

    /** {@code GET path} on a new connection. */
    public RawHttp.Response get(String path, String... headers) throws IOException {
        return RawHttp.get(port(), path, headers);
    }

    @Override
    public void close() {
        server.close();
    }

    /** Configures a {@link TestNode}. */
    public static final class Builder {
        private final String backend;
        private final Map<Param, String> params = new LinkedHashMap<>();
        private Function<Director, VclProgram> vcl = d -> new BuiltinVcl("boot", d);
        private String storage = "heap,64m";
        private boolean metrics;

        private Builder(String backend) {
            this.backend = backend;
        }

        /** Sets a parameter, as {@code -p name=value}. */
        public Builder param(String name, String value) {
            Param p = Param.byId(name);
            if (p == null) {
                throw new IllegalArgumentException("unknown parameter " + name);
            }
            params.put(p, value);
            return this;
        }

        /** The policy, given the backend. */
        public Builder vcl(Function<Director, VclProgram> vcl) {
            this.vcl = vcl;
            return this;
        }

        /** The store, as {@code -s}. */
        public Builder storage(String spec) {
            this.storage = spec;
            return this;
        }

        /** Also serve /metrics on an ephemeral port. */
        public Builder metrics() {
            this.metrics = true;
            return this;
        }

        /** Starts the node. */
        public TestNode start() {
            Params p = new Params();
            params.forEach(p::set);
            Counters counters = new Counters();
            Backend b = new Backend(BackendSpec.parse("default", backend), p, counters);
            CacheServer.Builder cb = CacheServer.builder()
                    .listen("127.0.0.1", 0)
                    .params(p)
                    .counters(counters)
                    .store(StorageSpec.parse(storage).open(counters))
                    .backends(List.of(b))
                    .vcl(vcl.apply(b));
            if (metrics) {
                cb.metrics("127.0.0.1", 0);
            }
            return new TestNode(cb.build().start());
        }
    }
}
