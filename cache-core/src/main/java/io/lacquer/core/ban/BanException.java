package io.lacquer.core.ban;

/** A ban expression that does not parse; the message is varnishd's. */
public final class BanException extends Exception {
    private static final long serialVersionUID = 1L;

    /** An error with varnishd's message for it. */
    public BanException(String message) {
        super(message);
    }
}
