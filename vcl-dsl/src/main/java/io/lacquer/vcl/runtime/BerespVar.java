package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.BerespView;

import java.time.Duration;

/** VCL's {@code beresp}: the backend's response, in vcl_backend_response and vcl_backend_error. */
public final class BerespVar {
    private final BerespView beresp;
    private final String backendName;
    private HttpMap http;

    BerespVar(BerespView beresp, String backendName) {
        this.beresp = beresp;
        this.backendName = backendName;
    }

    /** {@code beresp.status}. */
    public int getStatus() {
        return beresp.status();
    }

    /** Sets {@code beresp.status}. */
    public void setStatus(int status) {
        beresp.status(status);
    }

    /** {@code beresp.reason}. */
    public String getReason() {
        return beresp.reason();
    }

    /** Sets {@code beresp.reason}. */
    public void setReason(String reason) {
        beresp.reason(reason);
    }

    /** {@code beresp.http.*}. */
    public HttpMap getHttp() {
        if (http == null) {
            http = new HttpMap(beresp.http(), true);
        }
        return http;
    }

    /** {@code beresp.ttl}. */
    public Duration getTtl() {
        return Durations.ofSeconds(beresp.ttl());
    }

    /** Sets {@code beresp.ttl}. */
    public void setTtl(Duration ttl) {
        beresp.ttl(Durations.seconds(ttl));
    }

    /** {@code beresp.grace}. */
    public Duration getGrace() {
        return Durations.ofSeconds(beresp.grace());
    }

    /** Sets {@code beresp.grace}. */
    public void setGrace(Duration grace) {
        beresp.grace(Durations.seconds(grace));
    }

    /** {@code beresp.keep}. */
    public Duration getKeep() {
        return Durations.ofSeconds(beresp.keep());
    }

    /** Sets {@code beresp.keep}. */
    public void setKeep(Duration keep) {
        beresp.keep(Durations.seconds(keep));
    }

    /** {@code beresp.uncacheable}. */
    public boolean getUncacheable() {
        return beresp.uncacheable();
    }

    /** Sets {@code beresp.uncacheable}; only {@code true} takes effect, as in Varnish. */
    public void setUncacheable(boolean uncacheable) {
        beresp.uncacheable(uncacheable);
    }

    /** {@code beresp.age}: the Age the backend reported. */
    public Duration getAge() {
        return Durations.ofSeconds(beresp.age());
    }

    /** {@code beresp.was_304}: the response is a stored object revalidated by a 304. */
    public boolean getWas_304() {
        return beresp.was304();
    }

    /** {@code beresp.backend}: the backend that answered ({@code beresp.backend.name}). */
    public BackendName getBackend() {
        return new BackendName(backendName);
    }

    /** Sets {@code beresp.body}, the synthetic body (vcl_backend_error only). */
    public void setBody(String body) {
        beresp.body(body);
    }

    /** A backend as {@code beresp.backend} shows it. */
    public record BackendName(String name) {
        /** {@code .name}. */
        public String getName() {
            return name;
        }

        @Override
        public String toString() {
            return String.valueOf(name);
        }
    }
}
