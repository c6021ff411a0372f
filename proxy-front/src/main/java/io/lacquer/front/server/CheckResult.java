package io.lacquer.front.server;

/**
 * The outcome of one health check, as the stats show it.
 *
 * @param status the check status
 * @param code the HTTP status seen, or 0
 * @param durationMillis how long the check took
 * @param info a short human-readable detail
 */
public record CheckResult(CheckStatus status, int code, long durationMillis, String info) {
    /** Whether the check passed. */
    public boolean ok() {
        return status.ok();
    }
}
