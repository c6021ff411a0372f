package io.lacquer.front.config;

/**
 * A configuration error, located at a file and line, as {@code haproxy -c} reports them.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;

    /**
     * Creates an error at {@code file:line}; a line of 0 means the error belongs to the whole file.
     */
    public ConfigException(String file, int line, String message) {
        super(message);
        this.file = file;
        this.line = line;
    }

    /** The file the error was found in. */
    public String file() {
        return file;
    }

    /** The 1-based line number, or 0 when the error is not tied to a line. */
    public int line() {
        return line;
    }

    /** The message in HAProxy's alert format: {@code parsing [file:line] : message}. */
    public String alert() {
        return line > 0 ? "parsing [" + file + ":" + line + "] : " + getMessage() : "config : " + getMessage();
    }
}
