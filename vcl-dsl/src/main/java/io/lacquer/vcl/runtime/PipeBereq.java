package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Director;
import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.vcl.BereqView;
import io.lacquer.core.vcl.ReqView;

/** {@code bereq} in vcl_pipe: the client request is piped as it stands, so bereq is a view of req. */
record PipeBereq(ReqView req) implements BereqView {
    @Override
    public String method() {
        return req.method();
    }

    @Override
    public void method(String method) {
        req.method(method);
    }

    @Override
    public String url() {
        return req.url();
    }

    @Override
    public void url(String url) {
        req.url(url);
    }

    @Override
    public HeaderFields http() {
        return req.http();
    }

    @Override
    public Director backend() {
        return req.backend();
    }

    @Override
    public void backend(Director director) {
        req.backend(director);
    }

    @Override
    public int retries() {
        return 0;
    }

    @Override
    public boolean uncacheable() {
        return true;
    }

    @Override
    public boolean isBgFetch() {
        return false;
    }

    @Override
    public long xid() {
        return req.xid();
    }

    @Override
    public void unsetBody() {
        // a piped request's body is relayed as it comes
    }

    @Override
    public String clientIp() {
        return req.clientIp();
    }

    @Override
    public String clientIdentity() {
        return req.clientIdentity();
    }

    @Override
    public String serverIp() {
        return req.serverIp();
    }

    /** The compiler refuses the fetch timeouts in vcl_pipe. */
    @Override
    public double connectTimeout() {
        return Double.NaN;
    }

    @Override
    public void connectTimeout(double seconds) {
        throw new UnsupportedOperationException("a pipe has no fetch timeouts");
    }

    @Override
    public double firstByteTimeout() {
        return Double.NaN;
    }

    @Override
    public void firstByteTimeout(double seconds) {
        throw new UnsupportedOperationException("a pipe has no fetch timeouts");
    }

    @Override
    public double betweenBytesTimeout() {
        return Double.NaN;
    }

    @Override
    public void betweenBytesTimeout(double seconds) {
        throw new UnsupportedOperationException("a pipe has no fetch timeouts");
    }
}
