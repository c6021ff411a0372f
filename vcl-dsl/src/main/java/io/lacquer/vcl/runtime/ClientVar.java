package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.ReqView;

/** VCL's {@code client}: the peer's address and the identity directors key on. */
public final class ClientVar {
    private final ReqView req;

    ClientVar(ReqView req) {
        this.req = req;
    }

    /** {@code client.ip}. */
    public String getIp() {
        return req == null ? "0.0.0.0" : req.clientIp();
    }

    /** {@code client.identity}: defaults to {@code client.ip}. */
    public String getIdentity() {
        return req == null ? "0.0.0.0" : req.clientIdentity();
    }

    /** Sets {@code client.identity}. */
    public void setIdentity(String identity) {
        req.clientIdentity(identity);
    }
}
