package io.lacquer.admin.cli;

/** A command line that does not tokenize (an unterminated quote, a bad escape). */
final class CliSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    CliSyntaxException(String message) {
        super(message);
    }
}
