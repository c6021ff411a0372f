package io.lacquer.core.vcl;

/** What a backend-side subroutine can reach: the backend request and response. */
public interface BackendContext {
    /** {@code bereq}. */
    BereqView bereq();

    /** {@code beresp}: valid in vcl_backend_response and vcl_backend_error. */
    BerespView beresp();

    /** Prepares {@code return(error(status, reason))} and returns {@link Action#ERROR}. */
    Action error(int status, String reason);

    /** Prepares {@code return(pass(duration))}: a hit-for-pass object for that long; returns {@link Action#PASS}. */
    Action passFor(double seconds);

    /** {@code server.identity}. */
    String serverIdentity();

    /**
     * {@code ban(expression)}: adds a ban to the node's list; returns null, or why it was refused.
     */
    String ban(String expression);
}
