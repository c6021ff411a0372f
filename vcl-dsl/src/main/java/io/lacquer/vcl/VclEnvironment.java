package io.lacquer.vcl;

import io.lacquer.core.config.Params;
import io.lacquer.core.stats.Counters;

import static java.util.Objects.requireNonNull;

/**
 * What a node gives the policies it loads: its parameters and counters (for the backends a policy
 * declares), its identity ({@code server.identity}) and the time budget of one subroutine call.
 *
 * @param params the node's parameters
 * @param counters the node's counters
 * @param identity {@code server.identity}
 * @param budgetMillis how long one subroutine call may run before it counts as {@code fail}
 */
public record VclEnvironment(Params params, Counters counters, String identity, long budgetMillis) {
    /** The default time budget of one subroutine call, in milliseconds. */
    public static final long DEFAULT_BUDGET_MILLIS = 50;

    /** Checks the invariants. */
    public VclEnvironment {
        requireNonNull(params, "params");
        requireNonNull(counters, "counters");
        requireNonNull(identity, "identity");
        if (budgetMillis < 1) {
            throw new IllegalArgumentException("budgetMillis: " + budgetMillis + " (expected: >= 1)");
        }
    }

    /** An environment with its own parameters and counters, as tests and tools use. */
    public static VclEnvironment standalone() {
        return new VclEnvironment(new Params(), new Counters(), "localhost", DEFAULT_BUDGET_MILLIS);
    }
}
