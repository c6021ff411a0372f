package io.lacquer.core.backend;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.vcl.ReqView;

import java.io.IOException;

import static java.util.Objects.requireNonNull;

/**
 * A live backend: its declaration, its pool of connections and its health. A backend is also the
 * simplest {@link Director}: it resolves to itself while healthy.
 */
public final class Backend implements Director {
    /** Health set by the operator ({@code backend.set_health}), overriding probes. */
    public enum AdminHealth { AUTO, HEALTHY, SICK }

    private final BackendSpec spec;
    private final Params params;
    private final ConnectionPool pool;
    private volatile AdminHealth adminHealth = AdminHealth.AUTO;
    private volatile boolean probeHealthy = true;

    /** A backend for {@code spec}, reading default timeouts from {@code params}. */
    public Backend(BackendSpec spec, Params params, Counters counters) {
        this.spec = requireNonNull(spec, "spec");
        this.params = requireNonNull(params, "params");
        this.pool = new ConnectionPool(spec, params, counters);
    }

    /** The declaration. */
    public BackendSpec spec() {
        return spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public Backend resolve(ReqView req) {
        return healthy() ? this : null;
    }

    @Override
    public boolean healthy() {
        return switch (adminHealth) {
            case HEALTHY -> true;
            case SICK -> false;
            case AUTO -> probeHealthy;
        };
    }

    /** Sets the operator's override. */
    public void adminHealth(AdminHealth health) {
        this.adminHealth = requireNonNull(health, "health");
    }

    /** The operator's override. */
    public AdminHealth adminHealth() {
        return adminHealth;
    }

    /** Records what the probe saw. */
    public void probeHealthy(boolean healthy) {
        this.probeHealthy = healthy;
    }

    /** A connection: an idle pooled one when there is one, else a new one. */
    public BackendConnection connect() throws IOException {
        return pool.borrow(connectTimeoutMillis());
    }

    /** A connection, opened within {@code connectTimeoutMillis} if there is no idle one. */
    public BackendConnection connect(int connectTimeoutMillis) throws IOException {
        return pool.borrow(connectTimeoutMillis);
    }

    /**
     * A new connection, never an idle pooled one, for a request that cannot be sent twice (its
     * body is read as it is sent): the backend may have closed an idle connection without our
     * seeing it yet, and a request failing on one is only tried again when it can be.
     */
    public BackendConnection connectNew(int connectTimeoutMillis) throws IOException {
        return pool.open(connectTimeoutMillis);
    }

    /**
     * The timeout a fetch uses, in ms (varnishd's {@code FIND_TMO}): the fetch's own value, unless it
     * is still the parameter's and this backend declares its own.
     */
    public int timeoutMillis(double fetchSeconds, Param param) {
        Double own = switch (param) {
            case CONNECT_TIMEOUT -> spec.connectTimeout();
            case FIRST_BYTE_TIMEOUT -> spec.firstByteTimeout();
            case BETWEEN_BYTES_TIMEOUT -> spec.betweenBytesTimeout();
            default -> throw new IllegalArgumentException(param + " is not a fetch timeout");
        };
        double seconds = fetchSeconds == params.get(param) && own != null ? own : fetchSeconds;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(seconds * 1000)));
    }

    /** Connect timeout in ms for a request that sets none: the backend's own, else {@code connect_timeout}. */
    public int connectTimeoutMillis() {
        return timeoutMillis(params.get(Param.CONNECT_TIMEOUT), Param.CONNECT_TIMEOUT);
    }

    /** First-byte timeout in ms, as {@link #connectTimeoutMillis()}. */
    public int firstByteTimeoutMillis() {
        return timeoutMillis(params.get(Param.FIRST_BYTE_TIMEOUT), Param.FIRST_BYTE_TIMEOUT);
    }

    /** Between-bytes timeout in ms, as {@link #connectTimeoutMillis()}. */
    public int betweenBytesTimeoutMillis() {
        return timeoutMillis(params.get(Param.BETWEEN_BYTES_TIMEOUT), Param.BETWEEN_BYTES_TIMEOUT);
    }

    /** Closes the idle connections. */
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "backend " + spec.name() + " " + spec.host() + ":" + spec.port();
    }
}
