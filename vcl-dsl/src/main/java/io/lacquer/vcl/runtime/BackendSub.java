package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.Action;

/** The compiled body of one backend-side subroutine. */
@FunctionalInterface
public interface BackendSub {
    /** Runs the body; returns the action of its {@code return}, or null when it falls through. */
    Action run(BackendScope c);
}
