package io.lacquer.front.balance;

import io.lacquer.front.config.BalanceSpec;
import io.lacquer.front.config.HashType;
import io.lacquer.front.server.ServerState;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code balance} algorithms: each keyword with the factory of its one implementing class.
 */
public enum Algorithm {
    /** Smooth weighted round robin; weights may change at run time. */
    ROUNDROBIN("roundrobin", false) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new RoundRobinBalancer(servers);
        }
    },
    /** Weighted round robin over the configured weights, fixed at start. */
    STATIC_RR("static-rr", false) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new StaticRoundRobinBalancer(servers);
        }
    },
    /** The server with the fewest requests in progress relative to its weight. */
    LEASTCONN("leastconn", false) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new LeastConnBalancer(servers);
        }
    },
    /** The first server, in declaration order, with a free slot. */
    FIRST("first", false) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new FirstBalancer(servers);
        }
    },
    /** A hash of the client's address. */
    SOURCE("source", true) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new SourceBalancer(HashSelector.of(hash, servers));
        }
    },
    /** A hash of the URI (or part of it). */
    URI("uri", true) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new UriBalancer(spec, HashSelector.of(hash, servers));
        }
    },
    /** A hash of a query-string parameter; round robin when it is missing. */
    URL_PARAM("url_param", true) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new UrlParamBalancer(spec.arg(), HashSelector.of(hash, servers), new RoundRobinBalancer(servers));
        }
    },
    /** A hash of a request header; round robin when it is missing. */
    HDR("hdr", true) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new HeaderBalancer(spec.arg(), spec.useDomainOnly(), HashSelector.of(hash, servers),
                    new RoundRobinBalancer(servers));
        }
    },
    /** The least loaded of a few servers drawn at random by weight. */
    RANDOM("random", false) {
        @Override
        Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers) {
            return new RandomBalancer(servers, spec.draws());
        }
    };

    private final String keyword;
    private final boolean hashing;

    Algorithm(String keyword, boolean hashing) {
        this.keyword = keyword;
        this.hashing = hashing;
    }

    /** The keyword after {@code balance}. */
    public String keyword() {
        return keyword;
    }

    /** Whether the algorithm maps a request key to a server through {@code hash-type}. */
    public boolean hashing() {
        return hashing;
    }

    /** Creates the balancer for {@code servers}, in declaration order. */
    abstract Balancer create(BalanceSpec spec, HashType hash, List<ServerState> servers);

    /** Creates the balancer a backend's {@code balance} and {@code hash-type} lines describe. */
    public static Balancer balancer(BalanceSpec spec, HashType hash, List<ServerState> servers) {
        return spec.algorithm().create(spec, hash, List.copyOf(servers));
    }

    /** Returns the algorithm with this keyword, or null. */
    public static @Nullable Algorithm of(String keyword) {
        for (Algorithm a : values()) {
            if (a.keyword.equals(keyword)) {
                return a;
            }
        }
        return null;
    }

    /** Every keyword, comma-separated, for error messages. */
    public static String keywords() {
        return Arrays.stream(values()).map(Algorithm::keyword).collect(Collectors.joining(", "));
    }
}
