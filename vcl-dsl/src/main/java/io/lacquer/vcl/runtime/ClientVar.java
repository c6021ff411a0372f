package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.BereqView;
import io.lacquer.core.vcl.ReqView;

/**
 * VCL's {@code client}: the peer's address and the identity directors key on. On the client side
 * it reads (and {@code client.identity} writes) the request; on the backend side it reads what
 * the client request had when the fetch started.
 */
public final class ClientVar {
    private final ReqView req;
    private final BereqView bereq;

    ClientVar(ReqView req) {
        this.req = req;
        this.bereq = null;
    }

    ClientVar(BereqView bereq) {
        this.req = null;
        this.bereq = bereq;
    }

    /** {@code client.ip}. */
    public String getIp() {
        return req != null ? req.clientIp() : bereq.clientIp();
    }

    /** {@code client.identity}: defaults to {@code client.ip}. */
    public String getIdentity() {
        return req != null ? req.clientIdentity() : bereq.clientIdentity();
    }

    /** Sets {@code client.identity} (client side only; the compiler refuses it elsewhere). */
    public void setIdentity(String identity) {
        req.clientIdentity(identity);
    }
}
