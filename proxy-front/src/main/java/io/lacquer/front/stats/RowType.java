package io.lacquer.front.stats;

/**
 * The kinds of stats row, with HAProxy's {@code type} column value.
 */
public enum RowType {
    /** A frontend's totals. */
    FRONTEND(0),
    /** A backend's totals. */
    BACKEND(1),
    /** One server. */
    SERVER(2);

    private final int code;

    RowType(int code) {
        this.code = code;
    }

    /** The value of the {@code type} column. */
    public int code() {
        return code;
    }
}
