package io.lacquer.core.fsm;

import io.lacquer.core.backend.Director;
import io.lacquer.core.fetch.BusyObject;
import io.lacquer.core.hash.HashInput;
import io.lacquer.core.hash.HashTable;
import io.lacquer.core.hash.Lookup;
import io.lacquer.core.http.HeaderFields;
import io.lacquer.core.object.RequestDirectives;
import io.lacquer.core.transport.ExchangeFields;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.ClientContext;
import io.lacquer.core.vcl.ObjView;
import io.lacquer.core.vcl.ReqView;
import io.lacquer.core.vcl.RespView;
import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.storage.HashKey;
import io.lacquer.storage.StoredObject;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.StatusCodes;

import java.net.InetSocketAddress;

/**
 * The state of one client request (Varnish's {@code struct req}), and the views a policy gets of
 * it. Owned by one thread at a time: the I/O thread that received it, then whichever worker resumes
 * it; hand-overs go through the executors, which publish the fields safely.
 */
public final class Req implements ClientContext, ReqView {
    private static final io.undertow.util.AttachmentKey<String> CLIENT_IP =
            io.undertow.util.AttachmentKey.create(String.class);

    final HttpServerExchange exchange;
    final long xid;
    /** The policy the request runs on, held ({@link VclProgram#busy()}) until it ends. */
    VclProgram vcl;
    /** After {@code return(vcl)}, the policy the request started on: held too until the request ends. */
    VclProgram vcl0;
    /** The label vcl_recv returned, until the engine switches to it. */
    VclLabel label;
    /** The request as it arrived, when its policy can return vcl; else null. */
    final Arrival arrival;
    private boolean finished;
    private final HashTable table;
    final long started = System.currentTimeMillis();
    private final ExchangeFields reqFields;
    private ExchangeFields respFields;
    private RespView respView;
    private ObjView objView;
    RequestStep step = RequestStep.RECV;
    int restarts;
    Director backend;
    HashInput hashInput;
    HashKey hash;
    boolean hashAlwaysMiss;
    boolean hashIgnoreBusy;
    /** The object to deliver, or the stored object found by lookup. */
    StoredObject obj;
    /** The fetch to deliver from (a miss, a pass, or a hit on an object still streaming in). */
    BusyObject busy;
    /** Whether the delivered object came from cache (for X-Varnish and obj.hits). */
    boolean hit;
    int synthStatus;
    String synthReason;
    String synthBody;
    boolean closeAfter;
    /** Whether this request's own fetch (miss or pass) was started; it then waits for the response head. */
    boolean fetchStarted;
    /** Whether the request is a pass (its fetch is private). */
    boolean pass;
    /** The fetch this request is parked on. */
    BusyObject parked;
    /** What the client's Cache-Control (or Pragma) asks of the cache. */
    RequestDirectives directives = RequestDirectives.NONE;
    /** What the last lookup found ({@code req.is_hitmiss}, {@code req.is_hitpass}), or null before one. */
    Lookup.Kind lookedUp;
    /** {@code req.ttl} and {@code req.grace} in seconds, -1 when unset. */
    double ttl = -1;
    double grace = -1;
    /** A stale stored response a miss may revalidate, or null. */
    StoredObject stale;
    /** {@code client.identity} when the policy set it, else null (the client's address). */
    private String clientIdentity;

    /** A request on {@code vcl}, which the caller has already counted busy for it. */
    Req(HttpServerExchange exchange, long xid, VclProgram vcl, HashTable table) {
        this.exchange = exchange;
        this.xid = xid;
        this.vcl = vcl;
        this.table = table;
        this.reqFields = new ExchangeFields(exchange.getRequestHeaders());
        this.backend = vcl.defaultBackend();
        this.arrival = vcl.returnsVcl() ? Arrival.of(exchange) : null;
    }

    /**
     * {@code return(vcl(label))} taken: the request goes on with {@code next} (already counted busy
     * for it), rolled back to how it arrived, with what vcl_recv may have set back at its defaults
     * (varnishd's {@code Req_Rollback} and {@code cnt_recv_prep}). The policy it leaves stays held
     * until the request ends.
     */
    void switchTo(VclProgram next) {
        arrival.restore(exchange);
        vcl0 = vcl;
        vcl = next;
        label = null;
        backend = next.defaultBackend();
        directives = RequestDirectives.NONE;
        hashAlwaysMiss = false;
        hashIgnoreBusy = false;
        ttl = -1;
        grace = -1;
        lookedUp = null;
        synthStatus = 0;
        synthReason = null;
        clientIdentity = null;
    }

    /** Releases the policies the request holds; the first call only counts. */
    void finish() {
        if (finished) {
            return;
        }
        finished = true;
        vcl.busy().release();
        if (vcl0 != null) {
            vcl0.busy().release();
        }
    }

    // ---- ClientContext ----

    @Override
    public ReqView req() {
        return this;
    }

    @Override
    public RespView resp() {
        if (respView == null) {
            respView = new Resp();
        }
        return respView;
    }

    @Override
    public ObjView obj() {
        if (obj == null) {
            return null;
        }
        if (objView == null) {
            objView = new Obj();
        }
        return objView;
    }

    @Override
    public void hashData(String data) {
        if (hashInput == null) {
            throw new IllegalStateException("hash_data() is only allowed in vcl_hash");
        }
        hashInput.add(data == null ? "" : data);
    }

    @Override
    public Action synth(int status, String reason) {
        synthStatus = status;
        synthReason = reason;
        return Action.SYNTH;
    }

    @Override
    public Action vcl(VclLabel label) {
        this.label = label;
        return Action.VCL;
    }

    @Override
    public String serverIdentity() {
        return RequestFsm.IDENTITY;
    }

    @Override
    public String ban(String expression) {
        return table.ban(expression);
    }

    // ---- ReqView ----

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
        return lookedUp == Lookup.Kind.HIT_MISS;
    }

    @Override
    public boolean isHitPass() {
        return lookedUp == Lookup.Kind.HIT_PASS;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public void method(String method) {
        exchange.setRequestMethod(io.undertow.util.HttpString.tryFromString(method));
    }

    @Override
    public String url() {
        String q = exchange.getQueryString();
        String uri = exchange.getRequestURI();
        return q == null || q.isEmpty() ? uri : uri + "?" + q;
    }

    @Override
    public void url(String url) {
        int q = url.indexOf('?');
        exchange.setRequestURI(q < 0 ? url : url.substring(0, q));
        exchange.setQueryString(q < 0 ? "" : url.substring(q + 1));
    }

    @Override
    public String proto() {
        return exchange.getProtocol().toString();
    }

    @Override
    public HeaderFields http() {
        return reqFields;
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
    public void hashAlwaysMiss(boolean miss) {
        this.hashAlwaysMiss = miss;
    }

    @Override
    public void hashIgnoreBusy(boolean ignore) {
        this.hashIgnoreBusy = ignore;
    }

    @Override
    public String clientIp() {
        // one string per connection, not per request
        String ip = exchange.getConnection().getAttachment(CLIENT_IP);
        if (ip == null) {
            InetSocketAddress peer = exchange.getSourceAddress();
            ip = peer == null || peer.getAddress() == null ? "0.0.0.0" : peer.getAddress().getHostAddress();
            exchange.getConnection().putAttachment(CLIENT_IP, ip);
        }
        return ip;
    }

    @Override
    public String serverIp() {
        InetSocketAddress local = exchange.getDestinationAddress();
        return local == null || local.getAddress() == null ? "0.0.0.0" : local.getAddress().getHostAddress();
    }

    @Override
    public String clientIdentity() {
        return clientIdentity != null ? clientIdentity : clientIp();
    }

    @Override
    public void clientIdentity(String identity) {
        this.clientIdentity = identity;
    }

    /** {@code resp.http.*}. */
    HeaderFields respHttp() {
        if (respFields == null) {
            respFields = new ExchangeFields(exchange.getResponseHeaders());
        }
        return respFields;
    }

    /** VCL's {@code resp}: the exchange's response status and headers, and a synthetic body. */
    private final class Resp implements RespView {
        @Override
        public int status() {
            return exchange.getStatusCode();
        }

        @Override
        public void status(int status) {
            exchange.setStatusCode(status % 1000);
            exchange.setReasonPhrase(StatusCodes.getReason(status % 1000));
        }

        @Override
        public String reason() {
            return exchange.getReasonPhrase();
        }

        @Override
        public void reason(String reason) {
            exchange.setReasonPhrase(reason);
        }

        @Override
        public HeaderFields http() {
            return respHttp();
        }

        @Override
        public void body(String body) {
            synthBody = body;
        }
    }

    /** VCL's {@code obj}: the object being delivered, read-only. */
    private final class Obj implements ObjView {
        @Override
        public long hits() {
            return hit ? obj.hits().sum() : 0;
        }

        @Override
        public double ttl() {
            return (obj.freshUntil() - System.currentTimeMillis()) / 1000.0;
        }

        @Override
        public double grace() {
            return obj.graceMillis() / 1000.0;
        }

        @Override
        public double keep() {
            return obj.keepMillis() / 1000.0;
        }

        @Override
        public double age() {
            return (System.currentTimeMillis() - obj.origin()) / 1000.0;
        }

        @Override
        public int status() {
            return obj.status();
        }

        @Override
        public String http(String name) {
            return obj.header(name);
        }

        @Override
        public boolean uncacheable() {
            return obj.kind() != StoredObject.Kind.OBJECT || (busy != null && !busy.isShared() && !hit);
        }
    }

    @Override
    public String toString() {
        return xid + " " + method() + " " + url();
    }
}
