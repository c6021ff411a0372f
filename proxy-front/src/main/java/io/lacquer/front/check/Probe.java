package io.lacquer.front.check;

import io.lacquer.front.server.CheckResult;

/**
 * One kind of health check against one server; blocking, bounded by its timeouts.
 */
interface Probe {
    /** Runs the check once. */
    CheckResult run();
}
