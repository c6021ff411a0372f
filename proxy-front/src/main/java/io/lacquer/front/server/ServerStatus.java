package io.lacquer.front.server;

/**
 * A server's state as the stats page shows it; each value carries its CSV/Prometheus name.
 */
public enum ServerStatus {
    /** Passing its checks and taking load-balanced traffic. */
    UP("UP"),
    /** Failed its checks; takes no traffic. */
    DOWN("DOWN"),
    /** Up but with weight 0: takes persistent traffic only. */
    NOLB("NOLB"),
    /** Drained by an administrator: takes persistent traffic only. */
    DRAIN("DRAIN"),
    /** Put in maintenance by an administrator: takes no traffic and is not checked. */
    MAINT("MAINT");

    private final String label;

    ServerStatus(String label) {
        this.label = label;
    }

    /** The name HAProxy prints for this state. */
    public String label() {
        return label;
    }

    /** Whether requests carrying this server's persistence cookie may still go to it. */
    public boolean takesPersistent() {
        return this == UP || this == NOLB || this == DRAIN;
    }
}
