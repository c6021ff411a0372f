package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/** {@code directors.random()}: a healthy member at random, each with a share of weight / Σ weights. */
public final class RandomDirector implements Director {
    private final String name;
    private final Members members;
    private final double[] weights;

    /** A random director named {@code name}; {@code weights[i]} belongs to {@code members.get(i)}. */
    public RandomDirector(String name, List<Director> members, double[] weights) {
        this.name = requireNonNull(name, "name");
        this.members = new Members(members);
        if (weights.length != members.size()) {
            throw new IllegalArgumentException("weights: " + weights.length + " (expected: " + members.size() + ")");
        }
        for (double w : weights) {
            if (!(w > 0)) {
                throw new IllegalArgumentException("weight: " + w + " (expected: > 0)");
            }
        }
        this.weights = weights.clone();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend resolve(ReqView req) {
        return WeightedPick.pick(members, weights, ThreadLocalRandom.current().nextDouble(), req);
    }

    @Override
    public boolean healthy() {
        return members.anyHealthy();
    }

    @Override
    public String toString() {
        return "random " + name + " " + members.list().stream().map(Director::name).toList();
    }
}
