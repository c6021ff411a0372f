package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/** {@code directors.round_robin()}: healthy members in turn; a sick one is skipped. */
public final class RoundRobinDirector implements Director {
    private final String name;
    private final Members members;
    private final AtomicInteger next = new AtomicInteger();

    /** A round robin named {@code name} over {@code members}. */
    public RoundRobinDirector(String name, List<Director> members) {
        this.name = requireNonNull(name, "name");
        this.members = new Members(members);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend resolve(ReqView req) {
        int n = members.size();
        int start = Math.floorMod(next.getAndIncrement(), n);
        for (int i = 0; i < n; i++) {
            Backend b = members.resolve((start + i) % n, req);
            if (b != null) {
                return b;
            }
        }
        return null;
    }

    @Override
    public boolean healthy() {
        return members.anyHealthy();
    }

    @Override
    public String toString() {
        return "round_robin " + name + " " + members.list().stream().map(Director::name).toList();
    }
}
