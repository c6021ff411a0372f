package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.time.Duration;

/** VCL's {@code req}: the client request, readable and writable in every client-side subroutine. */
public final class ReqVar {
    private final ReqView req;
    private final Declarations declared;
    private HttpMap http;
    private boolean hashAlwaysMiss;
    private boolean hashIgnoreBusy;

    ReqVar(ReqView req, Declarations declared) {
        this.req = req;
        this.declared = declared;
    }

    /** {@code req.url}: path and query. */
    public String getUrl() {
        return req.url();
    }

    /** Sets {@code req.url}. */
    public void setUrl(String url) {
        req.url(url);
    }

    /** {@code req.method}. */
    public String getMethod() {
        return req.method();
    }

    /** Sets {@code req.method}. */
    public void setMethod(String method) {
        req.method(method);
    }

    /** {@code req.proto}. */
    public String getProto() {
        return req.proto();
    }

    /** {@code req.http.*}. */
    public HttpMap getHttp() {
        if (http == null) {
            http = new HttpMap(req.http(), true);
        }
        return http;
    }

    /** {@code req.backend_hint}: the name of the backend or director the request goes to. */
    public String getBackend_hint() {
        Director d = req.backend();
        return d == null ? null : d.name();
    }

    /** Sets {@code req.backend_hint} by name; an unknown name fails the request. */
    public void setBackend_hint(String name) {
        req.backend(declared.director(name));
    }

    /** {@code req.backend}: the same as {@code req.backend_hint}. */
    public String getBackend() {
        return getBackend_hint();
    }

    /** Sets {@code req.backend}: the same as {@code req.backend_hint}. */
    public void setBackend(String name) {
        setBackend_hint(name);
    }

    /** {@code req.restarts}. */
    public int getRestarts() {
        return req.restarts();
    }

    /** {@code req.xid}. */
    public long getXid() {
        return req.xid();
    }

    /** {@code req.ttl}: the oldest object a lookup may call fresh; -1 s when unset. */
    public Duration getTtl() {
        return Durations.ofSeconds(req.ttl());
    }

    /** Sets {@code req.ttl}. */
    public void setTtl(Duration ttl) {
        req.ttl(Durations.seconds(ttl));
    }

    /** {@code req.grace}: a cap on the grace of the objects a lookup finds; -1 s when unset. */
    public Duration getGrace() {
        return Durations.ofSeconds(req.grace());
    }

    /** Sets {@code req.grace}. */
    public void setGrace(Duration grace) {
        req.grace(Durations.seconds(grace));
    }

    /** {@code req.is_hitmiss}: whether the lookup found a hit-for-miss object (false before lookup). */
    public boolean getIs_hitmiss() {
        return req.isHitMiss();
    }

    /** {@code req.is_hitpass}: whether the lookup found a hit-for-pass object (false before lookup). */
    public boolean getIs_hitpass() {
        return req.isHitPass();
    }

    /** {@code req.esi_level}: always 0, as ESI is not processed. */
    public int getEsi_level() {
        return 0;
    }

    /** {@code req.can_gzip}: whether the client accepts gzip (Accept-Encoding lists gzip or x-gzip, not with q=0). */
    public boolean getCan_gzip() {
        String ae = getHttp().get("Accept-Encoding");
        if (ae == null) {
            return false;
        }
        for (String part : ae.split(",")) {
            String[] f = part.trim().split(";");
            String coding = f[0].trim().toLowerCase(java.util.Locale.ROOT);
            if (coding.equals("gzip") || coding.equals("x-gzip")) {
                for (int i = 1; i < f.length; i++) {
                    String param = f[i].trim().toLowerCase(java.util.Locale.ROOT).replace(" ", "");
                    if (param.startsWith("q=") && param.substring(2).matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    /** {@code req.hash_always_miss}, as set in this subroutine. */
    public boolean getHash_always_miss() {
        return hashAlwaysMiss;
    }

    /** Sets {@code req.hash_always_miss}: ignore stored objects and fetch anew. */
    public void setHash_always_miss(boolean miss) {
        hashAlwaysMiss = miss;
        req.hashAlwaysMiss(miss);
    }

    /** {@code req.hash_ignore_busy}, as set in this subroutine. */
    public boolean getHash_ignore_busy() {
        return hashIgnoreBusy;
    }

    /** Sets {@code req.hash_ignore_busy}: do not wait for a fetch of the same object. */
    public void setHash_ignore_busy(boolean ignore) {
        hashIgnoreBusy = ignore;
        req.hashIgnoreBusy(ignore);
    }
}
