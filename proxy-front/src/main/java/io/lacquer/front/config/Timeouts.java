package io.lacquer.front.config;

/**
 * The {@code timeout} settings of one proxy, in milliseconds; 0 means not set.
 *
 * @param connect time allowed to connect to a server
 * @param client client-side inactivity
 * @param server server-side inactivity (answered with 504)
 * @param httpRequest time allowed for the whole request head (answered with 408)
 * @param httpKeepAlive time allowed for the next request on a kept-alive connection
 * @param queue time a request may wait for a server slot (answered with 503)
 * @param check extra read time for health checks
 */
public record Timeouts(long connect, long client, long server, long httpRequest, long httpKeepAlive, long queue,
        long check) {
    /** No timeout set. */
    public static final Timeouts NONE = new Timeouts(0, 0, 0, 0, 0, 0, 0);

    /** The queue timeout, defaulting to {@code timeout connect} as HAProxy does. */
    public long effectiveQueue() {
        return queue > 0 ? queue : connect;
    }

    /** Returns a copy with the named timeout set, or throws when the name is not one we support. */
    public Timeouts with(String name, long millis) {
        return switch (name) {
            case "connect" -> new Timeouts(millis, client, server, httpRequest, httpKeepAlive, queue, check);
            case "client" -> new Timeouts(connect, millis, server, httpRequest, httpKeepAlive, queue, check);
            case "server" -> new Timeouts(connect, client, millis, httpRequest, httpKeepAlive, queue, check);
            case "http-request" -> new Timeouts(connect, client, server, millis, httpKeepAlive, queue, check);
            case "http-keep-alive" -> new Timeouts(connect, client, server, httpRequest, millis, queue, check);
            case "queue" -> new Timeouts(connect, client, server, httpRequest, httpKeepAlive, millis, check);
            case "check" -> new Timeouts(connect, client, server, httpRequest, httpKeepAlive, queue, millis);
            default -> throw new IllegalArgumentException("unsupported timeout '" + name
                    + "' (expected: connect, client, server, http-request, http-keep-alive, queue, check)");
        };
    }
}
