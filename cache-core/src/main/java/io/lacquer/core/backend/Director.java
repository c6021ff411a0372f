package io.lacquer.core.backend;

import io.lacquer.core.vcl.ReqView;

/** Picks the backend a request is fetched from: a single backend, or a director over several. */
public interface Director {
    /** The name a policy and the admin plane know it by. */
    String name();

    /** The backend to use for {@code req}, or null when none is healthy. {@code req} may be null (background fetches). */
    Backend resolve(ReqView req);

    /** Whether at least one backend behind it is healthy. */
    boolean healthy();
}
