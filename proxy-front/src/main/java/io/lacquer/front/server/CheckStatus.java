package io.lacquer.front.server;

/**
 * Result codes of health checks, named as HAProxy's {@code check_status}.
 */
public enum CheckStatus {
    /** No check has completed yet. */
    INI("INI", false, "Initializing"),
    /** Layer 4 check passed: the TCP connection was accepted. */
    L4OK("L4OK", true, "Layer4 check passed"),
    /** Layer 4 timeout while connecting. */
    L4TOUT("L4TOUT", false, "Layer4 timeout"),
    /** Layer 4 connection problem, e.g. connection refused. */
    L4CON("L4CON", false, "Layer4 connection problem"),
    /** Layer 7 check passed: the response was the expected one. */
    L7OK("L7OK", true, "Layer7 check passed"),
    /** Layer 7 check conditionally passed: 404 with {@code disable-on-404}; the server goes NOLB. */
    L7OKC("L7OKC", true, "Layer7 check conditionally passed"),
    /** Layer 7 wrong status or content. */
    L7STS("L7STS", false, "Layer7 wrong status"),
    /** Layer 7 response that is not valid HTTP. */
    L7RSP("L7RSP", false, "Layer7 invalid response"),
    /** Layer 7 timeout waiting for the response. */
    L7TOUT("L7TOUT", false, "Layer7 timeout");

    private final String label;
    private final boolean ok;
    private final String description;

    CheckStatus(String label, boolean ok, String description) {
        this.label = label;
        this.ok = ok;
        this.description = description;
    }

    /** The name the stats print. */
    public String label() {
        return label;
    }

    /** Whether this result counts as a success for rise/fall. */
    public boolean ok() {
        return ok;
    }

    /** HAProxy's description of the result. */
    public String description() {
        return description;
    }
}
