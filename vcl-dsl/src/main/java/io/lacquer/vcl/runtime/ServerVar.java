package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.ReqView;

/** VCL's {@code server} (and {@code local}): this node's identity and the address the request arrived on. */
public final class ServerVar {
    private final String identity;
    private final ReqView req;

    ServerVar(String identity, ReqView req) {
        this.identity = identity;
        this.req = req;
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
        return req == null ? "0.0.0.0" : req.serverIp();
    }
}
