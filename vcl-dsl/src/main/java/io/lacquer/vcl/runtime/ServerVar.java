package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.BereqView;
import io.lacquer.core.vcl.ReqView;

/** VCL's {@code server} (and {@code local}): this node's identity and the address the request arrived on. */
public final class ServerVar {
    private final String identity;
    private final ReqView req;
    private final BereqView bereq;

    /** For vcl_init and vcl_fini: no request, so {@code server.ip} reads 0.0.0.0. */
    ServerVar(String identity) {
        this.identity = identity;
        this.req = null;
        this.bereq = null;
    }

    /** For a client-side subroutine. */
    ServerVar(String identity, ReqView req) {
        this.identity = identity;
        this.req = req;
        this.bereq = null;
    }

    /** For a backend-side subroutine. */
    ServerVar(String identity, BereqView bereq) {
        this.identity = identity;
        this.req = null;
        this.bereq = bereq;
    }

    /** {@code server.identity}: the {@code -i} name, by default the host name. */
    public String getIdentity() {
        return identity;
    }

    /** {@code server.hostname}. */
    public String getHostname() {
        return identity;
    }

    /** {@code server.ip}. */
    public String getIp() {
        if (req != null) {
            return req.serverIp();
        }
        return bereq != null ? bereq.serverIp() : "0.0.0.0";
    }
}
