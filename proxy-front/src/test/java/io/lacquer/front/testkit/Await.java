package io.lacquer.front.testkit;

import java.util.function.BooleanSupplier;

/**
 * Waits, bounded, for a condition that background work (health checks) makes true.
 */
public final class Await {
    private Await() {
    }

    /** Polls every 20 ms until the condition holds; fails the test after {@code millis}. */
    public static void until(String what, long millis, BooleanSupplier condition) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + millis + " ms waiting for: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what);
            }
        }
    }
}
