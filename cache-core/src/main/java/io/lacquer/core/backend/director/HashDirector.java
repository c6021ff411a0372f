package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * {@code directors.hash()}: the SHA-256 digest of a key taken from the request picks a healthy
 * member by weight, so the same key reaches the same backend while the set of healthy members
 * stays the same (on every node configured alike).
 */
public final class HashDirector implements Director {
    private final String name;
    private final Members members;
    private final double[] weights;
    private final RequestKey key;

    /** A hash director named {@code name}, picking by {@code key}. */
    public HashDirector(String name, List<Director> members, double[] weights, RequestKey key) {
        this.name = requireNonNull(name, "name");
        this.members = new Members(members);
        this.weights = weights.clone();
        this.key = requireNonNull(key, "key");
        if (weights.length != members.size()) {
            throw new IllegalArgumentException("weights: " + weights.length + " (expected: " + members.size() + ")");
        }
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend resolve(ReqView req) {
        return resolve(key.of(req), req);
    }

    /** The backend for an explicit key. */
    public Backend resolve(String keyValue, ReqView req) {
        return WeightedPick.pick(members, weights, point(keyValue), req);
    }

    @Override
    public boolean healthy() {
        return members.anyHealthy();
    }

    /** The first 32 bits of SHA-256(key) as a fraction of 2^32. */
    static double point(String key) {
        return (sha256(key).getInt(0) & 0xffffffffL) / 4294967296.0;
    }

    static ByteBuffer sha256(String s) {
        try {
            return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "hash " + name + " " + members.list().stream().map(Director::name).toList();
    }
}
