package io.lacquer.admin.cli;

import static java.util.Objects.requireNonNull;

/**
 * One CLI response: a status and a body.
 *
 * @param status the status
 * @param body the body, sent as it is (it may or may not end with a newline)
 */
public record CliResponse(CliStatus status, String body) {
    /** Checks the invariants. */
    public CliResponse {
        requireNonNull(status, "status");
        requireNonNull(body, "body");
    }

    /** A 200 with this body. */
    public static CliResponse ok(String body) {
        return new CliResponse(CliStatus.OK, body);
    }

    /** A response with a status and body. */
    public static CliResponse of(CliStatus status, String body) {
        return new CliResponse(status, body);
    }
}
