package io.lacquer.front.proxy;

import io.lacquer.front.config.ForwardFor;
import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.server.ServerSlots;
import io.lacquer.front.server.ServerState;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The routing state of one request inside a backend: the server chosen, whether persistence
 * chose it, connection attempts and the slot held.
 *
 * <p>Owned by the request's I/O thread; a queued request resumes on that same thread.
 */
public final class Routing {
    @Nullable ServerState server;
    boolean persistent;
    int attempts;
    @Nullable ServerState slotHolder;
    @Nullable ServerState counted;
    /** The queue entry while the request waits for a slot on {@link #server}. */
    ServerSlots.@Nullable Waiter waiter;
    /** Servers given up on; allocated on the first failure only, as most requests never fail. */
    List<ServerState> tried = List.of();
    @Nullable ServerState cookieServer;
    long cookieFirstSeen;
    /** The frontend's {@code option forwardfor}, or null. */
    final @Nullable ForwardFor frontForwardFor;
    /** The frontend's {@code timeout client} in milliseconds, 0 for none. */
    final long frontClientTimeout;
    /** The request's {@code timeout server} and {@code timeout client} on the response, once it has been sent to a server. */
    @Nullable RelayTimeout timeout;

    /**
     * Creates the state for a request whose persistence cookie named {@code cookieServer} (or
     * null), received by a frontend with {@code frontForwardFor} as its {@code option forwardfor}
     * and {@code frontClientTimeout} as its {@code timeout client}.
     */
    public Routing(@Nullable ServerState cookieServer, long cookieFirstSeen, @Nullable ForwardFor frontForwardFor,
            long frontClientTimeout) {
        this.cookieServer = cookieServer;
        this.cookieFirstSeen = cookieFirstSeen;
        this.frontForwardFor = frontForwardFor;
        this.frontClientTimeout = frontClientTimeout;
    }

    /**
     * HAProxy's page for a request that got no answer from a server: 502 once a server took it
     * (it failed afterwards), else 503 (no server could be reached).
     */
    ErrorPage failurePage() {
        return counted != null ? ErrorPage.BAD_GATEWAY : ErrorPage.SERVICE_UNAVAILABLE;
    }

    /** The server the request went (or is going) to, or null. */
    public @Nullable ServerState server() {
        return server;
    }

    /** Sends the request to {@code s} because its persistence cookie names it. */
    public void persist(ServerState s) {
        server = s;
        persistent = true;
    }

    /** The servers left after failed attempts. */
    public List<ServerState> tried() {
        return tried;
    }

    /** Records that the request gave up on {@code s}. */
    void leave(ServerState s) {
        if (tried.isEmpty()) {
            tried = new ArrayList<>(2);
        }
        tried.add(s);
    }

    /** The server that received the request and is counting it, or null. */
    public @Nullable ServerState counted() {
        return counted;
    }

    /** The server the request's persistence cookie named, or null. */
    public @Nullable ServerState cookieServer() {
        return cookieServer;
    }

    /** The first-seen date of the request's insert cookie (epoch seconds), or 0. */
    public long cookieFirstSeen() {
        return cookieFirstSeen;
    }
}
