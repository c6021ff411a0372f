package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.Action;

/** The compiled body of {@code vcl_init} or {@code vcl_fini}. */
@FunctionalInterface
public interface HousekeepingSub {
    /** Runs the body; returns the action of its {@code return}, or null when it falls through. */
    Action run(HousekeepingScope c);
}
