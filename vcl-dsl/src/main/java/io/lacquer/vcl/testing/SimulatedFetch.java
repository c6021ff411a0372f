package io.lacquer.vcl.testing;

import io.lacquer.core.backend.Director;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.BackendContext;
import io.lacquer.core.vcl.BereqView;
import io.lacquer.core.vcl.BerespView;

/** The backend side of one simulated fetch: bereq and beresp as the engine would show them. */
final class SimulatedFetch implements BackendContext {
    final Bereq bereq = new Bereq();
    Beresp beresp;
    int errorStatus = 503;
    String errorReason = "Backend fetch failed";
    double passFor = -1;
    private final SimulatedBans bans;

    SimulatedFetch(SimulatedBans bans) {
        this.bans = bans;
    }

    @Override
    public BereqView bereq() {
        return bereq;
    }

    @Override
    public BerespView beresp() {
        return beresp;
    }

    @Override
    public Action error(int status, String reason) {
        errorStatus = status;
        errorReason = reason != null ? reason : Reasons.of(status);
        return Action.ERROR;
    }

    @Override
    public Action passFor(double seconds) {
        passFor = Math.max(0, seconds);
        return Action.PASS;
    }

    @Override
    public String serverIdentity() {
        return "localhost";
    }

    @Override
    public String ban(String expression) {
        return bans.add(expression);
    }

    /** The simulated backend request. */
    static final class Bereq implements BereqView {
        private static final Params DEFAULTS = new Params();

        String method;
        String url;
        final HeaderList http = new HeaderList();
        Director backend;
        int retries;
        boolean uncacheable;
        boolean bodyUnset;
        long xid;
        String clientIp;
        String clientIdentity;
        String serverIp;
        double connectTimeout = DEFAULTS.get(Param.CONNECT_TIMEOUT);
        double firstByteTimeout = DEFAULTS.get(Param.FIRST_BYTE_TIMEOUT);
        double betweenBytesTimeout = DEFAULTS.get(Param.BETWEEN_BYTES_TIMEOUT);

        @Override
        public String method() {
            return method;
        }

        @Override
        public void method(String method) {
            this.method = method;
        }

        @Override
        public String url() {
            return url;
        }

        @Override
        public void url(String url) {
            this.url = url;
        }

        @Override
        public HeaderFields http() {
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

        @Override
        public boolean uncacheable() {
            return uncacheable;
        }

        @Override
        public boolean isBgFetch() {
            return false;
        }

        @Override
        public long xid() {
            return xid;
        }

        @Override
        public void unsetBody() {
            bodyUnset = true;
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
    }

    /** The simulated backend response. */
    static final class Beresp implements BerespView {
        int status;
        String reason;
        final HeaderList http = new HeaderList();
        double ttl;
        double grace;
        double keep;
        boolean uncacheable;
        String body;

        @Override
        public int status() {
            return status;
        }

        @Override
        public void status(int status) {
            this.status = status % 1000;
            this.reason = Reasons.of(this.status);
        }

        @Override
        public String reason() {
            return reason;
        }

        @Override
        public void reason(String reason) {
            this.reason = reason;
        }

        @Override
        public HeaderFields http() {
            return http;
        }

        @Override
        public double ttl() {
            return ttl;
        }

        @Override
        public void ttl(double seconds) {
            ttl = seconds;
        }

        @Override
        public double grace() {
            return grace;
        }

        @Override
        public void grace(double seconds) {
            grace = seconds;
        }

        @Override
        public double keep() {
            return keep;
        }

        @Override
        public void keep(double seconds) {
            keep = seconds;
        }

        @Override
        public boolean uncacheable() {
            return uncacheable;
        }

        @Override
        public void uncacheable(boolean uncacheable) {
            if (uncacheable) {
                this.uncacheable = true;
            }
        }

        @Override
        public double age() {
            return 0;
        }

        /** {@code beresp.was_304}: never, in a simulation. */
        @Override
        public boolean was304() {
            return false;
        }

        /** The cache directives: Cache-Control as it stands. */
        @Override
        public String cacheControl() {
            return http.joined("Cache-Control");
        }

        @Override
        public void body(String body) {
            this.body = body;
        }
    }
}
