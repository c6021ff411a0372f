package io.lacquer.front.check;

/**
 * The rise/fall state machine of one server: {@code fall} consecutive failures take an UP server
 * DOWN, {@code rise} consecutive successes bring a DOWN one back. Owned by the check thread.
 */
final class RiseFall {
    private final int rise;
    private final int fall;
    private boolean up;
    private int streak;

    /** Starts UP, as HAProxy does for servers at start-up. */
    RiseFall(int rise, int fall) {
        this.rise = rise;
        this.fall = fall;
        this.up = true;
    }

    /** Feeds one check result; returns true when the state flipped. */
    boolean record(boolean ok) {
        if (ok == up) {
            streak = 0;
            return false;
        }
        streak++;
        if (streak >= (up ? fall : rise)) {
            up = !up;
            streak = 0;
            return true;
        }
        return false;
    }

    /** Whether the server counts as up. */
    boolean up() {
        return up;
    }

    /** Whether the server is between states (some checks disagree with its state). */
    boolean changing() {
        return streak > 0;
    }

    /** HAProxy's health counter: 0..rise+fall-1, up from {@code rise} on. */
    int health() {
        return up ? rise + fall - 1 - streak : streak;
    }
}
