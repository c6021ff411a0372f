package io.lacquer.front.config;

/**
 * The kinds of proxy section, each with the sides it has: a front (listening sockets, routing)
 * and a back (servers, balancing).
 */
public enum ProxyKind {
    /** Settings inherited by the sections that follow. */
    DEFAULTS("defaults", true, true),
    /** Listening sockets and routing rules only. */
    FRONTEND("frontend", true, false),
    /** Servers and balancing only. */
    BACKEND("backend", false, true),
    /** Both sides in one section. */
    LISTEN("listen", true, true);

    private final String keyword;
    private final boolean front;
    private final boolean back;

    ProxyKind(String keyword, boolean front, boolean back) {
        this.keyword = keyword;
        this.front = front;
        this.back = back;
    }

    /** The section keyword in the configuration file. */
    public String keyword() {
        return keyword;
    }

    /** Whether the section accepts client connections. */
    public boolean hasFront() {
        return front;
    }

    /** Whether the section holds servers. */
    public boolean hasBack() {
        return back;
    }
}
