package io.lacquer.core.vcl;

import io.lacquer.core.backend.Director;
import io.lacquer.core.http.HeaderFields;

/** The client request as a policy sees it: VCL's {@code req.*}. */
public interface ReqView {
    /** {@code req.method}. */
    String method();

    /** Sets {@code req.method}. */
    void method(String method);

    /** {@code req.url}: path and query. */
    String url();

    /** Sets {@code req.url}. */
    void url(String url);

    /** {@code req.proto}, e.g. {@code HTTP/1.1}. */
    String proto();

    /** {@code req.http.*}. */
    HeaderFields http();

    /** {@code req.backend_hint}: the director or backend the request will be fetched from. */
    Director backend();

    /** Sets {@code req.backend_hint}. */
    void backend(Director director);

    /** {@code req.restarts}. */
    int restarts();

    /** {@code req.xid}. */
    long xid();

    /** {@code req.ttl} in seconds: the oldest object a lookup may call fresh; -1 when unset. */
    double ttl();

    /** Sets {@code req.ttl} (negative counts as 0). */
    void ttl(double seconds);

    /** {@code req.grace} in seconds: a cap on the grace of the objects a lookup finds; -1 when unset. */
    double grace();

    /** Sets {@code req.grace} (negative counts as 0). */
    void grace(double seconds);

    /** {@code req.is_hitmiss}: whether the last lookup found a hit-for-miss object. */
    boolean isHitMiss();

    /** {@code req.is_hitpass}: whether the last lookup found a hit-for-pass object. */
    boolean isHitPass();

    /** {@code req.hash_always_miss}: ignore stored objects and fetch anew. */
    void hashAlwaysMiss(boolean miss);

    /** {@code req.hash_ignore_busy}: do not wait for a fetch of the same object already under way. */
    void hashIgnoreBusy(boolean ignore);

    /** {@code client.ip}. */
    String clientIp();

    /** {@code server.ip}: the local address the request arrived on. */
    String serverIp();

    /** {@code client.identity}: what client-keyed directors hash on; defaults to {@link #clientIp()}. */
    default String clientIdentity() {
        return clientIp();
    }

    /** Sets {@code client.identity}. */
    default void clientIdentity(String identity) {
        throw new UnsupportedOperationException("client.identity cannot be set on this request");
    }
}
