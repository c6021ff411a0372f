package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.RespView;

/** VCL's {@code resp}: the response about to be sent, in vcl_deliver and vcl_synth. */
public final class RespVar {
    private final RespView resp;
    private HttpMap http;

    RespVar(RespView resp) {
        this.resp = resp;
    }

    /** {@code resp.status}. */
    public int getStatus() {
        return resp.status();
    }

    /** Sets {@code resp.status}; a standard code also sets the standard reason. */
    public void setStatus(int status) {
        resp.status(status);
    }

    /** {@code resp.reason}. */
    public String getReason() {
        return resp.reason();
    }

    /** Sets {@code resp.reason}. */
    public void setReason(String reason) {
        resp.reason(reason);
    }

    /** {@code resp.http.*}. */
    public HttpMap getHttp() {
        if (http == null) {
            http = new HttpMap(resp.http(), true);
        }
        return http;
    }

    /** Sets {@code resp.body}, the synthetic body (vcl_synth only). */
    public void setBody(String body) {
        resp.body(body);
    }
}
