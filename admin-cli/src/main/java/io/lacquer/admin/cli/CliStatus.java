package io.lacquer.admin.cli;

/** The status codes of a CLI response (Varnish's {@code include/vcli.h}). */
public enum CliStatus {
    SYNTAX(100), UNKNOWN(101), UNIMPL(102), TOOFEW(104), TOOMANY(105), PARAM(106), AUTH(107),
    OK(200), TRUNCATED(201), CANT(300), COMMS(400), CLOSE(500);

    private final int code;

    CliStatus(int code) {
        this.code = code;
    }

    /** The numeric code sent on the wire. */
    public int code() {
        return code;
    }
}
