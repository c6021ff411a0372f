package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * {@code directors.fallback(sticky)}: the first healthy member in the order given. With
 * {@code sticky}, it keeps the member it last picked while that one stays healthy, even when one
 * earlier in the list recovers.
 */
public final class FallbackDirector implements Director {
    private final String name;
    private final Members members;
    private final boolean sticky;
    private final AtomicInteger current = new AtomicInteger();

    /** A fallback named {@code name} over {@code members}. */
    public FallbackDirector(String name, List<Director> members, boolean sticky) {
        this.name = requireNonNull(name, "name");
        this.members = new Members(members);
        this.sticky = sticky;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend resolve(ReqView req) {
        if (sticky) {
            Backend kept = members.resolve(current.get(), req);
            if (kept != null) {
                return kept;
            }
        }
        for (int i = 0; i < members.size(); i++) {
            Backend b = members.resolve(i, req);
            if (b != null) {
                if (sticky) {
                    current.set(i);
                }
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
        return "fallback " + name + (sticky ? " sticky " : " ") + members.list().stream().map(Director::name).toList();
    }
}
