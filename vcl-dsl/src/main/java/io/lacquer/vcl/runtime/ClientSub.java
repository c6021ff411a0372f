package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.Action;

/** The compiled body of one client-side subroutine: a native lambda, called without reflection. */
@FunctionalInterface
public interface ClientSub {
    /** Runs the body; returns the action of its {@code return}, or null when it falls through. */
    Action run(ClientScope c);
}
