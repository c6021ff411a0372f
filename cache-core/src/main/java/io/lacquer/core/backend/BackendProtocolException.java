package io.lacquer.core.backend;

import java.io.IOException;

/** The backend sent something that is not a well-formed HTTP/1.1 response, or broke a limit. */
public final class BackendProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    /** An exception with the reason, as it will appear in the log. */
    public BackendProtocolException(String message) {
        super(message);
    }
}
