package io.lacquer.front.server;

import org.jspecify.annotations.Nullable;

/**
 * The state an administrator set on a server from the stats page (HAProxy's {@code ready},
 * {@code drain} and {@code maint} actions).
 */
public enum AdminState {
    /** Normal operation. */
    READY("ready"),
    /** No new load-balanced traffic; persistent traffic continues. */
    DRAIN("drain"),
    /** No traffic at all and no checks. */
    MAINT("maint");

    private final String action;

    AdminState(String action) {
        this.action = action;
    }

    /** The stats page action that sets this state. */
    public String action() {
        return action;
    }

    /** Returns the state an action sets ({@code enable}/{@code disable} are aliases), or null. */
    public static @Nullable AdminState ofAction(String action) {
        return switch (action) {
            case "ready", "enable" -> READY;
            case "drain" -> DRAIN;
            case "maint", "disable" -> MAINT;
            default -> null;
        };
    }
}
