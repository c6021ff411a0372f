package io.lacquer.core.vcl;

import io.lacquer.core.http.HeaderFields;

/** The response about to be sent to the client: VCL's {@code resp.*}. */
public interface RespView {
    /** {@code resp.status}. */
    int status();

    /** Sets {@code resp.status}. */
    void status(int status);

    /** {@code resp.reason}. */
    String reason();

    /** Sets {@code resp.reason}. */
    void reason(String reason);

    /** {@code resp.http.*}. */
    HeaderFields http();

    /** Sets the body of a synthetic response ({@code synthetic()}, {@code resp.body}); only in vcl_synth. */
    void body(String body);
}
