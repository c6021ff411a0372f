package io.lacquer.core.fsm;

import io.lacquer.core.config.Params;
import io.lacquer.core.fetch.Bereq;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.http.HopByHop;

import java.io.InputStream;
import java.util.Locale;
import java.util.Set;

/**
 * Builds the backend request from a client request (Varnish's {@code http_FilterReq}): a miss asks
 * for the whole, unconditional object with GET; a pass forwards the request as it is. Either way
 * connection-specific fields stay behind and {@code X-Varnish} names the fetch.
 */
final class BereqFactory {
    private BereqFactory() {
    }

    static Bereq build(Req req, long xid, boolean pass, boolean bgFetch, InputStream body, long bodyLength,
                       Params params) {
        HeaderList fields = new HeaderList();
        Set<String> listed = HopByHop.listedIn(req.http().joined("Connection"));
        req.http().forEach((name, value) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            boolean dropped = pass ? HopByHop.isDroppedOnPass(name) : HopByHop.isDroppedOnMiss(name);
            if (!dropped && !listed.contains(lower) && !lower.equals("content-length")) {
                fields.add(name, value);
            }
        });
        fields.set("X-Varnish", Long.toString(xid));
        fields.add("Via", "1.1 " + RequestFsm.VIA);
        String method = pass ? req.method() : "GET";
        return new Bereq(xid, req.xid, method, req.url(), fields, req.backend(), pass, bgFetch, pass ? body : null,
                bodyLength).from(req.clientIp(), req.clientIdentity(), req.serverIp()).timeouts(params);
    }
}
