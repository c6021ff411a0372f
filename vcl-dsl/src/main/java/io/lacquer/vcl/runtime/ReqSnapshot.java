package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Director;
import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.vcl.BereqView;
import io.lacquer.core.vcl.ReqView;

/**
 * A read-only copy of what keyed directors look at in a request (URL, header fields, client
 * address and identity), taken on the thread that owns the request, so the fetch thread can
 * resolve a hash, shard or sticky director without touching the live request.
 */
record ReqSnapshot(String method, String url, String proto, HeaderList fields, String clientIp,
                   String identity, long xid) implements ReqView {

    static ReqSnapshot of(ReqView req) {
        return new ReqSnapshot(req.method(), req.url(), req.proto(), copy(req.http()), req.clientIp(),
                req.clientIdentity(), req.xid());
    }

    static ReqSnapshot of(BereqView bereq) {
        return new ReqSnapshot(bereq.method(), bereq.url(), "HTTP/1.1", copy(bereq.http()), bereq.clientIp(),
                bereq.clientIdentity(), bereq.xid());
    }

    private static HeaderList copy(HeaderFields from) {
        HeaderList out = new HeaderList();
        from.forEach(out::add);
        return out;
    }

    @Override
    public void method(String method) {
        throw new UnsupportedOperationException("a request snapshot is read-only");
    }

    @Override
    public void url(String url) {
        throw new UnsupportedOperationException("a request snapshot is read-only");
    }

    @Override
    public HeaderFields http() {
        return fields;
    }

    @Override
    public Director backend() {
        return null;
    }

    @Override
    public void backend(Director director) {
        throw new UnsupportedOperationException("a request snapshot is read-only");
    }

    @Override
    public int restarts() {
        return 0;
    }

    @Override
    public void hashAlwaysMiss(boolean miss) {
        throw new UnsupportedOperationException("a request snapshot is read-only");
    }

    @Override
    public void hashIgnoreBusy(boolean ignore) {
        throw new UnsupportedOperationException("a request snapshot is read-only");
    }

    @Override
    public String serverIp() {
        return "0.0.0.0";
    }

    @Override
    public String clientIdentity() {
        return identity;
    }

    /** Keyed directors do not look at it. */
    @Override
    public double ttl() {
        return -1;
    }

    @Override
    public void ttl(double seconds) {
        throw new UnsupportedOperationException("a snapshot is read-only");
    }

    @Override
    public double grace() {
        return -1;
    }

    @Override
    public void grace(double seconds) {
        throw new UnsupportedOperationException("a snapshot is read-only");
    }

    @Override
    public boolean isHitMiss() {
        return false;
    }

    @Override
    public boolean isHitPass() {
        return false;
    }
}
