package io.lacquer.core.fetch;

import io.lacquer.core.backend.Director;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.vcl.BereqView;

import io.lacquer.storage.StoredObject;

import java.io.InputStream;

import static java.util.Objects.requireNonNull;

/**
 * The backend request of one fetch, owned by the fetch's thread. Built by the client side from
 * its request, then handed over whole.
 */
public final class Bereq implements BereqView {
    private final long xid;
    private final long reqXid;
    private final boolean uncacheable;
    private final boolean bgFetch;
    private final HeaderList http;
    private String method;
    private String url;
    private Director backend;
    private int retries;
    private InputStream body;
    private long bodyLength;
    private StoredObject stale;
    private long clientStaleIfError = -1;
    private double connectTimeout;
    private double firstByteTimeout;
    private double betweenBytesTimeout;
    private String clientIp = "0.0.0.0";
    private String clientIdentity = "0.0.0.0";
    private String serverIp = "0.0.0.0";

    /**
     * A backend request.
     *
     * @param xid this backend transaction's id
     * @param reqXid the id of the client request the fetch is for (it becomes the object's creator)
     * @param body the request body to send, or null; {@code bodyLength} -1 means "until it ends" (sent chunked)
     */
    public Bereq(long xid, long reqXid, String method, String url, HeaderList http, Director backend, boolean uncacheable,
                 boolean bgFetch, InputStream body, long bodyLength) {
        this.xid = xid;
        this.reqXid = reqXid;
        this.method = requireNonNull(method, "method");
        this.url = requireNonNull(url, "url");
        this.http = requireNonNull(http, "http");
        this.backend = backend;
        this.uncacheable = uncacheable;
        this.bgFetch = bgFetch;
        this.body = body;
        this.bodyLength = body == null ? 0 : bodyLength;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public void method(String method) {
        this.method = requireNonNull(method, "method");
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void url(String url) {
        this.url = requireNonNull(url, "url");
    }

    @Override
    public HeaderList http() {
        return http;
    }

    @Override
    public Director backend() {
        return backend;
    }

    @Override
    public void backend(Director director) {
        this.backend = director;
    }

    @Override
    public int retries() {
        return retries;
    }

    void retried() {
        retries++;
    }

    @Override
    public boolean uncacheable() {
        return uncacheable;
    }

    @Override
    public boolean isBgFetch() {
        return bgFetch;
    }

    @Override
    public long xid() {
        return xid;
    }

    /** Starts the fetch's timeouts at the parameters' values, as varnishd does; returns this. */
    public Bereq timeouts(Params params) {
        connectTimeout = params.get(Param.CONNECT_TIMEOUT);
        firstByteTimeout = params.get(Param.FIRST_BYTE_TIMEOUT);
        betweenBytesTimeout = params.get(Param.BETWEEN_BYTES_TIMEOUT);
        return this;
    }

    @Override
    public double connectTimeout() {
        return connectTimeout;
    }

    @Override
    public void connectTimeout(double seconds) {
        connectTimeout = Math.max(0, seconds);
    }

    @Override
    public double firstByteTimeout() {
        return firstByteTimeout;
    }

    @Override
    public void firstByteTimeout(double seconds) {
        firstByteTimeout = Math.max(0, seconds);
    }

    @Override
    public double betweenBytesTimeout() {
        return betweenBytesTimeout;
    }

    @Override
    public void betweenBytesTimeout(double seconds) {
        betweenBytesTimeout = Math.max(0, seconds);
    }

    /** Records the client request's addresses and identity, which backend-side policies read; returns this. */
    public Bereq from(String clientIp, String clientIdentity, String serverIp) {
        this.clientIp = requireNonNull(clientIp, "clientIp");
        this.clientIdentity = requireNonNull(clientIdentity, "clientIdentity");
        this.serverIp = requireNonNull(serverIp, "serverIp");
        return this;
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public String clientIdentity() {
        return clientIdentity;
    }

    @Override
    public String serverIp() {
        return serverIp;
    }

    /**
     * Sets the stale stored response this fetch revalidates (its validators make the request
     * conditional, and it may be served if the fetch fails within stale-if-error), and the
     * client's own stale-if-error in seconds (-1 for none).
     */
    public void revalidates(StoredObject stale, long clientStaleIfError) {
        this.stale = stale;
        this.clientStaleIfError = clientStaleIfError;
    }

    /** The stale response this fetch revalidates, or null. */
    StoredObject stale() {
        return stale;
    }

    /** The client's stale-if-error, seconds, or -1. */
    long clientStaleIfError() {
        return clientStaleIfError;
    }

    /** The id of the client request this fetch is for. */
    public long reqXid() {
        return reqXid;
    }

    @Override
    public void unsetBody() {
        body = null;
        bodyLength = 0;
    }

    /** The body to send, or null. */
    InputStream body() {
        return body;
    }

    /** The body length, -1 when unknown (chunked), 0 when none. */
    long bodyLength() {
        return bodyLength;
    }

    /** Marks the body as sent, so that a retry cannot send it again. */
    void bodyConsumed() {
        if (body != null) {
            body = InputStream.nullInputStream();
        }
    }
}
