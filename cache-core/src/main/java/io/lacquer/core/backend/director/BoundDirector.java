package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import static java.util.Objects.requireNonNull;

/**
 * A director tied to the request it was chosen for. The fetch side resolves backends without the
 * client request; a policy binds a keyed director (hash, shard, sticky) to a snapshot of the
 * request first, so the key is the client's even there.
 */
public final class BoundDirector implements Director {
    private final Director director;
    private final ReqView req;
    private volatile Backend last;

    /** {@code director}, resolving with {@code req} whatever it is asked with. */
    public BoundDirector(Director director, ReqView req) {
        this.director = requireNonNull(director, "director");
        this.req = req;
    }

    /** The director bound. */
    public Director director() {
        return director;
    }

    @Override
    public String name() {
        return director.name();
    }

    @Override
    public Backend resolve(ReqView ignored) {
        Backend b = director.resolve(req);
        last = b;
        return b;
    }

    /** The backend the last resolve picked ({@code beresp.backend}), or null. */
    public Backend lastResolved() {
        return last;
    }

    @Override
    public boolean healthy() {
        return director.healthy();
    }

    @Override
    public String toString() {
        return director.toString();
    }
}
