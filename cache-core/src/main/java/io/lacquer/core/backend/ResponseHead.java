package io.lacquer.core.backend;

import io.lacquer.core.http.HeaderList;

/**
 * The status line and header fields of a backend response.
 *
 * @param proto the protocol, {@code HTTP/1.1} or {@code HTTP/1.0}
 * @param status the status code
 * @param reason the reason phrase (may be empty)
 * @param headers the header fields, in order
 */
public record ResponseHead(String proto, int status, String reason, HeaderList headers) {
    /** Whether this is an interim (1xx) response, which a final one will follow. */
    public boolean isInterim() {
        return status >= 100 && status < 200 && status != 101;
    }
}
