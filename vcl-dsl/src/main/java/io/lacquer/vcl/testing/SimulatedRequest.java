package io.lacquer.vcl.testing;

import io.lacquer.core.backend.Director;
import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.ClientContext;
import io.lacquer.core.vcl.ObjView;
import io.lacquer.core.vcl.ReqView;
import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.RespView;

import java.util.ArrayList;
import java.util.List;

/** The client side of one simulated request: what the engine's request would show a policy. */
final class SimulatedRequest implements ClientContext, ReqView {
    String method;
    String url;
    final String proto;
    final HeaderList http = new HeaderList();
    final String clientIp;
    String identity;
    Director backend;
    int restarts;
    final long xid;
    boolean hashAlwaysMiss;
    boolean hashIgnoreBusy;
    double ttl = -1;
    double grace = -1;
    final List<String> hashInputs = new ArrayList<>();
    boolean hashing;
    int synthStatus;
    String synthReason;
    final SimulatedResp resp = new SimulatedResp();
    ObjView obj;
    /** The label of a {@code return vcl(label)}. */
    VclLabel label;
    private final SimulatedBans bans;

    SimulatedRequest(TestRequest r, long xid, Director defaultBackend, SimulatedBans bans) {
        this.bans = bans;
        this.method = r.method;
        this.url = r.url;
        this.proto = r.proto;
        r.headers.forEach(http::add);
        this.clientIp = r.clientIp;
        this.xid = xid;
        this.backend = defaultBackend;
    }

    @Override
    public ReqView req() {
        return this;
    }

    @Override
    public RespView resp() {
        return resp;
    }

    @Override
    public ObjView obj() {
        return obj;
    }

    @Override
    public void hashData(String data) {
        if (!hashing) {
            throw new IllegalStateException("hash_data() is only allowed in vcl_hash");
        }
        hashInputs.add(data == null ? "" : data);
    }

    @Override
    public Action synth(int status, String reason) {
        synthStatus = status;
        synthReason = reason;
        return Action.SYNTH;
    }

    @Override
    public Action vcl(VclLabel l) {
        label = l;
        return Action.VCL;
    }

    @Override
    public String serverIdentity() {
        return "localhost";
    }

    @Override
    public String ban(String expression) {
        return bans.add(expression);
    }

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
    public String proto() {
        return proto;
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
    public int restarts() {
        return restarts;
    }

    @Override
    public long xid() {
        return xid;
    }

    @Override
    public double ttl() {
        return ttl;
    }

    @Override
    public void ttl(double seconds) {
        ttl = Math.max(0, seconds);
    }

    @Override
    public double grace() {
        return grace;
    }

    @Override
    public void grace(double seconds) {
        grace = Math.max(0, seconds);
    }

    @Override
    public boolean isHitMiss() {
        return false; // the tester stores no hit-for-miss or hit-for-pass objects
    }

    @Override
    public boolean isHitPass() {
        return false;
    }

    @Override
    public void hashAlwaysMiss(boolean miss) {
        hashAlwaysMiss = miss;
    }

    @Override
    public void hashIgnoreBusy(boolean ignore) {
        hashIgnoreBusy = ignore;
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public String serverIp() {
        return "127.0.0.1";
    }

    @Override
    public String clientIdentity() {
        return identity != null ? identity : clientIp;
    }

    @Override
    public void clientIdentity(String identity) {
        this.identity = identity;
    }

    /** The response of a simulated request. */
    static final class SimulatedResp implements RespView {
        int status = 200;
        String reason = "OK";
        final HeaderList http = new HeaderList();
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
        public void body(String body) {
            this.body = body;
        }
    }
}
