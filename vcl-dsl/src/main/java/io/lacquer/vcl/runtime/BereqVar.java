package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.BereqView;

import java.time.Duration;

/** VCL's {@code bereq}: the request to the backend, in vcl_pipe and the backend-side subroutines. */
public final class BereqVar {
    private final BereqView bereq;
    private final Declarations declared;
    private HttpMap http;

    BereqVar(BereqView bereq, Declarations declared) {
        this.bereq = bereq;
        this.declared = declared;
    }

    /** {@code bereq.url}. */
    public String getUrl() {
        return bereq.url();
    }

    /** Sets {@code bereq.url}. */
    public void setUrl(String url) {
        bereq.url(url);
    }

    /** {@code bereq.method}. */
    public String getMethod() {
        return bereq.method();
    }

    /** Sets {@code bereq.method}. */
    public void setMethod(String method) {
        bereq.method(method);
    }

    /** {@code bereq.connect_timeout}: the {@code connect_timeout} parameter until set; once set it wins over the backend's own. */
    public Duration getConnect_timeout() {
        return Durations.ofSeconds(bereq.connectTimeout());
    }

    /** Sets {@code bereq.connect_timeout} (negative counts as 0). */
    public void setConnect_timeout(Duration timeout) {
        bereq.connectTimeout(Durations.seconds(timeout));
    }

    /** {@code bereq.first_byte_timeout}, as {@code connect_timeout}. */
    public Duration getFirst_byte_timeout() {
        return Durations.ofSeconds(bereq.firstByteTimeout());
    }

    /** Sets {@code bereq.first_byte_timeout}. */
    public void setFirst_byte_timeout(Duration timeout) {
        bereq.firstByteTimeout(Durations.seconds(timeout));
    }

    /** {@code bereq.between_bytes_timeout}, as {@code connect_timeout}. */
    public Duration getBetween_bytes_timeout() {
        return Durations.ofSeconds(bereq.betweenBytesTimeout());
    }

    /** Sets {@code bereq.between_bytes_timeout}. */
    public void setBetween_bytes_timeout(Duration timeout) {
        bereq.betweenBytesTimeout(Durations.seconds(timeout));
    }

    /** {@code bereq.http.*}. */
    public HttpMap getHttp() {
        if (http == null) {
            http = new HttpMap(bereq.http(), true);
        }
        return http;
    }

    /** {@code bereq.backend}: the name of the backend or director fetched from. */
    public String getBackend() {
        Director d = bereq.backend();
        return d == null ? null : d.name();
    }

    /** Sets {@code bereq.backend} by name. */
    public void setBackend(String name) {
        bereq.backend(declared.director(name));
    }

    /** {@code bereq.retries}. */
    public int getRetries() {
        return bereq.retries();
    }

    /** {@code bereq.uncacheable}: a pass or hit-for-miss fetch. */
    public boolean getUncacheable() {
        return bereq.uncacheable();
    }

    /** {@code bereq.is_bgfetch}: a refresh of an object served in grace. */
    public boolean getIs_bgfetch() {
        return bereq.isBgFetch();
    }

    /** {@code bereq.xid}. */
    public long getXid() {
        return bereq.xid();
    }

    /** {@code bereq.proto}: the engine speaks HTTP/1.1 to backends. */
    public String getProto() {
        return "HTTP/1.1";
    }

    /** {@code unset bereq.body} is written {@code bereq.body = null}. */
    public void setBody(Object body) {
        if (body != null) {
            throw new IllegalArgumentException("bereq.body can only be unset (= null)");
        }
        bereq.unsetBody();
    }
}
