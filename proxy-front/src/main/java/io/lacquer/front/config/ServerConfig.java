package io.lacquer.front.config;

import org.jspecify.annotations.Nullable;

/**
 * One {@code server} line.
 *
 * @param name the server's name
 * @param id the 1-based position in its backend (HAProxy's {@code sid})
 * @param host the address to connect to
 * @param port the port to connect to
 * @param check whether health checks run
 * @param inter milliseconds between checks while the server is stable
 * @param fastinter milliseconds between checks while it is changing state
 * @param downinter milliseconds between checks while it is down
 * @param rise consecutive successful checks that bring it up
 * @param fall consecutive failed checks that bring it down
 * @param weight its share of the load (0..256)
 * @param maxconn concurrent requests it may have; 0 means no limit
 * @param backup whether it serves only when no primary server is usable
 * @param cookie its value for cookie persistence, or null
 * @param checkPort port the checks connect to; 0 means {@code port}
 * @param line the configuration line it was declared on
 */
public record ServerConfig(String name, int id, String host, int port, boolean check, long inter, long fastinter,
        long downinter, int rise, int fall, int weight, int maxconn, boolean backup, @Nullable String cookie, int checkPort,
        int line) {

    /** HAProxy's default time between checks. */
    public static final long DEFAULT_INTER = 2000;
    /** HAProxy's default {@code rise}. */
    public static final int DEFAULT_RISE = 2;
    /** HAProxy's default {@code fall}. */
    public static final int DEFAULT_FALL = 3;

    /** The {@code host:port} form used in stats. */
    public String address() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
