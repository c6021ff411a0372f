package io.lacquer.vcl.runtime;

import java.util.List;
import java.util.Map;

/**
 * A director as declared ({@code roundRobin('a', 'b')}, {@code sticky(cookie: …, fallback: …)}):
 * its kind, its members (names, or nested specs) and its options. Made live at load.
 *
 * @param kind round_robin, random, hash, fallback, shard or sticky
 * @param members backend or director names ({@link String}) and nested {@link DirectorSpec}s
 * @param weights one weight per member (random and hash), else empty
 * @param options the named options ({@code by}, {@code sticky}, {@code replicas}, {@code cookie}, {@code fallback})
 */
public record DirectorSpec(String kind, List<Object> members, List<Double> weights, Map<String, Object> options) {
    /** Copies the collections. */
    public DirectorSpec {
        members = List.copyOf(members);
        weights = List.copyOf(weights);
        options = Map.copyOf(options);
    }
}
