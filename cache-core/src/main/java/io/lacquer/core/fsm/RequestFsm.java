package io.lacquer.core.fsm;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.fetch.Bereq;
import io.lacquer.core.fetch.BusyObject;
import io.lacquer.core.fetch.FetchFsm;
import io.lacquer.core.hash.HashInput;
import io.lacquer.core.hash.HashTable;
import io.lacquer.core.hash.Lookup;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.transport.ContinueResponse;
import io.lacquer.core.transport.PipeRelay;
import io.lacquer.core.transport.Responder;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.Sub;
import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.core.object.ByteRange;
import io.lacquer.core.object.CacheControl;
import io.lacquer.core.object.RequestDirectives;
import io.lacquer.core.object.Validators;
import io.lacquer.storage.Body;
import io.lacquer.storage.StoredObject;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.SameThreadExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Drives client requests through {@link RequestStep}s (Varnish's {@code cache_req_fsm.c}): each
 * step runs its subroutine of the request's policy and the action returned picks the next step.
 *
 * <p>Threading: a request starts on the I/O thread that parsed it, and a hit is looked up and
 * delivered there without a thread hand-off. A step that would block (streaming a body still
 * being fetched, reading a request body, piping) first moves the request to a worker thread. A
 * request waiting for a fetch is parked on the {@link BusyObject} without holding any thread; the
 * fetch resumes it on a worker.
 */
public final class RequestFsm {
    /** {@code server.identity}: the host name, as varnishd's default {@code -i}. */
    public static final String IDENTITY = identity();
    /** The product token in Via and Server. */
    public static final String SERVER = "Lacquer/0.1";
    /** What this node adds to Via: {@code <identity> (Lacquer/0.1)}. */
    static final String VIA = IDENTITY + " (" + SERVER + ")";

    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.core.fsm");

    private final HashTable table;
    private final Params params;
    private final Counters counters;
    private final Executor fetches;
    private final Supplier<VclProgram> activeVcl;
    private final Responder responder;
    private final AtomicLong xids = new AtomicLong(1);

    /** A state machine over {@code table}, running fetches on {@code fetches}, with the policy {@code activeVcl} gives. */
    public RequestFsm(HashTable table, Params params, Counters counters, Executor fetches,
                      Supplier<VclProgram> activeVcl) {
        this.table = table;
        this.params = params;
        this.counters = counters;
        this.fetches = fetches;
        this.activeVcl = activeVcl;
        this.responder = new Responder(counters);
    }

    /** Takes a new request; called on the I/O thread that parsed it. */
    public void start(HttpServerExchange exchange) {
        drive(new Req(exchange, xids.getAndIncrement(), acquireActive(), table));
    }

    /**
     * The active policy, counted busy for a new request. The count comes before a second look at
     * the active policy, and whoever switches policies looks at the count after switching, so a
     * policy is never released under a request that took it; one that stopped being active in
     * between is given back and the new one taken.
     */
    private VclProgram acquireActive() {
        for (;;) {
            VclProgram vcl = activeVcl.get();
            vcl.busy().acquire();
            if (activeVcl.get() == vcl) {
                return vcl;
            }
            vcl.busy().release();
        }
    }

    /** Runs steps until the request is done, parked, or must move to a worker thread. */
    private void drive(Req req) {
        for (;;) {
            Next next;
            try {
                next = step(req);
            } catch (RuntimeException e) {
                LOG.warn("{} failed in {}: {}", req.xid, req.step, e.toString(), e);
                if (req.step == RequestStep.SYNTH || req.step == RequestStep.VCL_FAIL || req.exchange.isResponseStarted()) {
                    responder.abort(req.exchange);
                    req.finish();
                    return;
                }
                req.step = RequestStep.VCL_FAIL;
                continue;
            }
            switch (next) {
                case CONTINUE -> {
                    // next step
                }
                case DONE -> {
                    req.finish();
                    return;
                }
                case PARK -> {
                    park(req);
                    return;
                }
                case BLOCKING -> {
                    if (req.exchange.isInIoThread()) {
                        req.exchange.dispatch(req.exchange.getConnection().getWorker(), () -> drive(req));
                        return;
                    }
                }
            }
        }
    }

    private Next step(Req req) {
        return switch (req.step) {
            case RESTART -> restart(req);
            case RECV -> recv(req);
            case PIPE -> pipe(req);
            case PASS -> pass(req);
            case LOOKUP -> lookup(req);
            case PURGE -> purge(req);
            case MISS -> miss(req);
            case FETCH -> fetch(req);
            case DELIVER -> deliver(req);
            case VCL_FAIL -> vclFail(req);
            case SYNTH -> synth(req);
            case FINISH -> Next.DONE;
        };
    }

    /** Restart: back to vcl_recv with the request as the policy left it, up to max_restarts. */
    private Next restart(Req req) {
        abandonFetch(req);
        req.restarts++;
        req.obj = null;
        req.busy = null;
        req.hit = false;
        req.pass = false;
        req.fetchStarted = false;
        req.hash = null;
        if (req.restarts > params.intValue(Param.MAX_RESTARTS)) {
            return toSynth(req, 503, "Too many restarts");
        }
        req.step = RequestStep.RECV;
        return Next.CONTINUE;
    }

    /**
     * Receive: vcl_recv decides (and after {@code return(vcl)}, the labelled policy's vcl_recv); for
     * a lookup or purge, vcl_hash builds the hash key.
     */
    private Next recv(Req req) {
        if (req.restarts == 0) {
            counters.inc(Counter.CLIENT_REQ);
            prepare(req);
        }
        Action action = check(req, Sub.RECV, req.vcl.recv(req));
        if (action == Action.VCL && req.restarts == 0 && req.vcl0 == null) {
            action = switchVcl(req);
        }
        switch (action) {
            case HASH, PURGE -> {
                req.hashInput = new HashInput();
                Action hashed = check(req, Sub.HASH, req.vcl.hash(req));
                req.hash = req.hashInput.finish();
                req.hashInput = null;
                req.step = hashed != Action.LOOKUP ? RequestStep.VCL_FAIL
                        : action == Action.HASH ? RequestStep.LOOKUP : RequestStep.PURGE;
            }
            case PASS -> req.step = RequestStep.PASS;
            case PIPE -> req.step = RequestStep.PIPE;
            case SYNTH -> req.step = RequestStep.SYNTH;
            case RESTART -> req.step = RequestStep.RESTART;
            case VCL -> {
                // varnishd answers a plain 503 here, neither a VCL failure nor a closed connection
                LOG.warn("{} Illegal return(vcl): {}", req.xid, req.restarts > 0 ? "Not after restarts" : "Only from active VCL");
                return toSynth(req, 503, null);
            }
            default -> req.step = RequestStep.VCL_FAIL;
        }
        return Next.CONTINUE;
    }

    /**
     * What precedes the first vcl_recv of a request, and the first one after a switch of policies
     * (varnishd's {@code cnt_recv_prep}): note the client's cache directives, unless
     * {@code req_cache_control} is off, and add the client to X-Forwarded-For.
     */
    private void prepare(Req req) {
        if ((req.http().contains("Cache-Control") || req.http().contains("Pragma"))
                && params.get(Param.REQ_CACHE_CONTROL) != 0) {
            req.directives = RequestDirectives.of(req.http());
        }
        String xff = req.http().get("X-Forwarded-For") == null ? null : req.http().joined("X-Forwarded-For");
        req.http().set("X-Forwarded-For", xff == null ? req.clientIp() : xff + ", " + req.clientIp());
    }

    /**
     * {@code return(vcl(label))} from the first vcl_recv: the label is resolved now, so a relabelling
     * counts from the next request; the request is rolled back to how it arrived and the labelled
     * policy's vcl_recv decides. The request finishes on that policy.
     */
    private Action switchVcl(Req req) {
        VclLabel label = req.label;
        VclProgram next = label == null || req.arrival == null ? null : label.acquire();
        if (next == null) {
            LOG.warn("{} return(vcl) without a label to switch to", req.xid);
            return Action.FAIL;
        }
        req.switchTo(next);
        prepare(req);
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} VCL_use {} via {}", req.xid, next.name(), label.name());
        }
        return check(req, Sub.RECV, req.vcl.recv(req));
    }

    /** Pipe: vcl_pipe, then the request is relayed to the backend and the connection closed after. */
    private Next pipe(Req req) {
        if (req.exchange.isInIoThread()) {
            return Next.BLOCKING;
        }
        counters.inc(Counter.S_PIPE);
        Action action = check(req, Sub.PIPE, req.vcl.pipe(req));
        if (action == Action.SYNTH) {
            req.step = RequestStep.SYNTH;
            return Next.CONTINUE;
        }
        if (action != Action.PIPE) {
            req.step = RequestStep.VCL_FAIL;
            return Next.CONTINUE;
        }
        if (!PipeRelay.relay(req.exchange, req.backend == null ? null : req.backend.resolve(req), req.url(),
                xids.getAndIncrement(), params)) {
            return toSynth(req, 503, "Backend fetch failed");
        }
        return Next.DONE;
    }

    /** Pass: vcl_pass, then a private fetch whose response is never stored. */
    private Next pass(Req req) {
        counters.inc(Counter.S_PASS);
        Action action = check(req, Sub.PASS, req.vcl.pass(req));
        switch (action) {
            case FETCH -> {
                req.pass = true;
                req.busy = new BusyObject(null);
                req.step = RequestStep.FETCH;
            }
            case SYNTH -> req.step = RequestStep.SYNTH;
            case RESTART -> req.step = RequestStep.RESTART;
            default -> req.step = RequestStep.VCL_FAIL;
        }
        return Next.CONTINUE;
    }

    /** Lookup: find the object, or wait for the fetch of it already under way. */
    private Next lookup(Req req) {
        Lookup found = table.lookup(req.hash, req.url(), req.http(), System.currentTimeMillis(), req.hashAlwaysMiss,
                req.hashIgnoreBusy, req.directives, req.ttl < 0 ? -1 : CacheControl.millis(req.ttl),
                req.grace < 0 ? -1 : CacheControl.millis(req.grace));
        req.lookedUp = found.kind();
        if (req.directives.onlyIfCached() && found.kind() != Lookup.Kind.HIT && found.kind() != Lookup.Kind.GRACE) {
            // RFC 9111 §5.2.1.7: nothing stored fits, and the origin must not be asked
            if (found.kind() == Lookup.Kind.MISS) {
                found.busy().fail();
                table.release(found.busy());
            }
            return toSynth(req, 504, "Gateway Timeout");
        }
        switch (found.kind()) {
            case HIT, GRACE -> {
                counters.inc(Counter.CACHE_HIT);
                req.obj = found.object();
                req.busy = found.busy();
                req.hit = true;
                req.obj.hits().increment();
                if (found.kind() == Lookup.Kind.GRACE) {
                    counters.inc(Counter.CACHE_HIT_GRACE);
                    refresh(req);
                }
                return hit(req);
            }
            case MISS, MISS_ALONE, HIT_MISS -> {
                if (found.kind() == Lookup.Kind.HIT_MISS) {
                    counters.inc(Counter.CACHE_HITMISS);
                }
                counters.inc(Counter.CACHE_MISS);
                if (req.directives.noStore()) {
                    // RFC 9111 §5.2.1.5: nothing of this exchange may be stored, so it is fetched as a pass
                    if (found.kind() == Lookup.Kind.MISS) {
                        found.busy().fail();
                        table.release(found.busy());
                    }
                    req.step = RequestStep.PASS;
                    return Next.CONTINUE;
                }
                req.busy = found.kind() == Lookup.Kind.MISS ? found.busy() : new BusyObject(req.hash);
                req.stale = found.kind() == Lookup.Kind.HIT_MISS ? null : found.object();
                req.step = RequestStep.MISS;
                return Next.CONTINUE;
            }
            case HIT_PASS -> {
                counters.inc(Counter.CACHE_HITPASS);
                req.step = RequestStep.PASS;
                return Next.CONTINUE;
            }
            case BUSY -> {
                counters.inc(Counter.BUSY_SLEEP);
                req.parked = found.busy();
                return Next.PARK;
            }
            default -> throw new IllegalStateException("lookup returned " + found.kind());
        }
    }

    /** Hit: vcl_hit decides whether the object found is delivered. */
    private Next hit(Req req) {
        Action action = check(req, Sub.HIT, req.vcl.hit(req));
        switch (action) {
            case DELIVER -> req.step = RequestStep.DELIVER;
            case PASS -> {
                req.obj = null;
                req.busy = null;
                req.hit = false;
                req.step = RequestStep.PASS;
            }
            case SYNTH -> req.step = RequestStep.SYNTH;
            case RESTART -> req.step = RequestStep.RESTART;
            default -> req.step = RequestStep.VCL_FAIL;
        }
        return Next.CONTINUE;
    }

    /** Purge: evict the object and all its variants, then vcl_purge. */
    private Next purge(Req req) {
        int removed = table.purge(req.hash);
        counters.inc(Counter.N_PURGES);
        counters.add(Counter.N_OBJ_PURGED, removed);
        Action action = check(req, Sub.PURGE, req.vcl.purge(req));
        switch (action) {
            case SYNTH -> req.step = RequestStep.SYNTH;
            case RESTART -> req.step = RequestStep.RESTART;
            default -> req.step = RequestStep.VCL_FAIL;
        }
        return Next.CONTINUE;
    }

    /** Miss: vcl_miss decides whether the object is fetched. */
    private Next miss(Req req) {
        Action action = check(req, Sub.MISS, req.vcl.miss(req));
        if (action == Action.FETCH) {
            req.step = RequestStep.FETCH;
            return Next.CONTINUE;
        }
        abandonFetch(req);
        req.busy = null;
        switch (action) {
            case PASS -> req.step = RequestStep.PASS;
            case SYNTH -> req.step = RequestStep.SYNTH;
            case RESTART -> req.step = RequestStep.RESTART;
            default -> req.step = RequestStep.VCL_FAIL;
        }
        return Next.CONTINUE;
    }

    /** Fetch: start this request's backend fetch, wait for the response head, then deliver it. */
    private Next fetch(Req req) {
        BusyObject busy = req.busy;
        if (!req.fetchStarted) {
            InputStream body = null;
            long length = 0;
            if (req.pass && hasBody(req.exchange)) {
                if (req.exchange.isInIoThread()) {
                    return Next.BLOCKING;
                }
                req.exchange.startBlocking();
                ContinueResponse.sendIfExpected(req.exchange);
                body = req.exchange.getInputStream();
                length = req.exchange.getRequestContentLength();
            }
            req.fetchStarted = true;
            Bereq bereq = BereqFactory.build(req, xids.getAndIncrement(), req.pass, false, body, length, params);
            if (!req.pass && req.stale != null) {
                bereq.revalidates(req.stale, req.directives.staleIfError());
            }
            new FetchFsm(req.vcl, table, params, counters, busy, bereq, IDENTITY).start(fetches);
            req.parked = busy;
            return Next.PARK;
        }
        switch (busy.state()) {
            case STREAMING -> {
                req.obj = busy.head();
                req.hit = false;
                req.step = RequestStep.DELIVER;
                return Next.CONTINUE;
            }
            case FAILED -> {
                return toSynth(req, 503, "Backend fetch failed");
            }
            default -> {
                req.parked = busy;
                return Next.PARK;
            }
        }
    }

    /** Deliver: vcl_deliver sees the response, then it is sent (streamed while a fetch still runs). */
    private Next deliver(Req req) {
        boolean streaming = req.busy != null && !req.busy.body().isComplete();
        if (streaming && req.exchange.isInIoThread()) {
            return Next.BLOCKING;
        }
        StoredObject obj = req.obj;
        responder.prepare(req.exchange, obj, req.hit ? req.xid + " " + obj.xid() : Long.toString(req.xid),
                VIA);
        Action action = check(req, Sub.DELIVER, req.vcl.deliver(req));
        switch (action) {
            case DELIVER -> {
                transmit(req, obj);
                return Next.DONE;
            }
            case SYNTH -> req.step = RequestStep.SYNTH;
            case RESTART -> req.step = RequestStep.RESTART;
            default -> req.step = RequestStep.VCL_FAIL;
        }
        return Next.CONTINUE;
    }

    /**
     * Sends what vcl_deliver let through: a 304 when the client's conditionals match, the byte
     * range asked for when the whole body is at hand, else the response (streamed if still arriving).
     */
    private void transmit(Req req, StoredObject obj) {
        HttpServerExchange exchange = req.exchange;
        boolean get = Methods.GET.equals(exchange.getRequestMethod());
        boolean readOnly = get || Methods.HEAD.equals(exchange.getRequestMethod());
        io.undertow.util.HeaderMap resp = exchange.getResponseHeaders();
        if (exchange.getStatusCode() == 200 && readOnly) {
            String inm = req.http().joined("If-None-Match");
            String ims = req.http().get("If-Modified-Since");
            if ((inm != null || ims != null) && Validators.notModified(inm, ims, resp.getFirst(Headers.ETAG),
                    resp.getFirst(Headers.LAST_MODIFIED), resp.getFirst(Headers.DATE))) {
                responder.notModified(exchange);
                return;
            }
        }
        Body whole = req.busy == null ? obj.body() : req.busy.body().isIntact() ? req.busy.body().toBody() : null;
        if (whole == null) {
            responder.stream(exchange, req.busy.body());
            return;
        }
        if (exchange.getStatusCode() == 200 && obj.kind() == StoredObject.Kind.OBJECT) {
            resp.put(Headers.ACCEPT_RANGES, "bytes");
            if (get) {
                ByteRange range = ByteRange.of(req.http().get("Range"), req.http().get("If-Range"),
                        resp.getFirst(Headers.ETAG), resp.getFirst(Headers.LAST_MODIFIED), whole.length());
                if (range.kind() != ByteRange.Kind.IGNORE) {
                    responder.sendRange(exchange, whole, range);
                    return;
                }
            }
        }
        responder.send(exchange, whole);
    }

    /** The policy failed: answer 503 "VCL Failed" and close the connection. */
    private Next vclFail(Req req) {
        counters.inc(Counter.VCL_FAIL);
        abandonFetch(req);
        req.closeAfter = true;
        return toSynth(req, 503, "VCL Failed");
    }

    /** Synth: vcl_synth builds a response that never touches the cache. */
    private Next synth(Req req) {
        counters.inc(Counter.S_SYNTH);
        abandonFetch(req);
        HttpServerExchange exchange = req.exchange;
        if (exchange.isResponseStarted()) {
            responder.abort(exchange);
            return Next.DONE;
        }
        exchange.getResponseHeaders().clear();
        int status = req.synthStatus == 0 ? 503 : req.synthStatus;
        req.resp().status(status);
        if (req.synthReason != null) {
            req.resp().reason(req.synthReason);
        }
        req.synthBody = null;
        Action action = check(req, Sub.SYNTH, req.vcl.synth(req));
        if (action == Action.RESTART && !req.closeAfter) {
            req.step = RequestStep.RESTART;
            return Next.CONTINUE;
        }
        if (action != Action.DELIVER) {
            counters.inc(Counter.VCL_FAIL);
            exchange.getResponseHeaders().clear();
            exchange.setStatusCode(503);
            req.synthBody = "";
            req.closeAfter = true;
        }
        responder.sendSynth(exchange, Long.toString(req.xid), SERVER, req.synthBody, req.closeAfter);
        return Next.DONE;
    }

    // ---- helpers ----

    private Next toSynth(Req req, int status, String reason) {
        req.synthStatus = status;
        req.synthReason = reason;
        req.step = RequestStep.SYNTH;
        return Next.CONTINUE;
    }

    /** Starts a background refresh of an object served in grace, unless one is under way. */
    private void refresh(Req req) {
        BusyObject refresh = table.claimRefresh(req.hash);
        if (refresh == null) {
            return;
        }
        counters.inc(Counter.S_BGFETCH);
        Bereq bereq = BereqFactory.build(req, xids.getAndIncrement(), false, true, null, 0, params);
        new FetchFsm(req.vcl, table, params, counters, refresh, bereq, IDENTITY).start(fetches);
    }

    /** A fetch this request claimed but will not run: wake whoever waits on it. */
    private void abandonFetch(Req req) {
        BusyObject busy = req.busy;
        if (busy != null && !req.fetchStarted && !req.hit && busy.state() == BusyObject.State.BUSY) {
            busy.fail();
            table.release(busy);
        }
    }

    private void park(Req req) {
        BusyObject busy = req.parked;
        req.parked = null;
        boolean owner = req.fetchStarted && busy == req.busy;
        Executor worker = req.exchange.getConnection().getWorker();
        Runnable resume = () -> worker.execute(() -> {
            if (!owner) {
                counters.inc(Counter.BUSY_WAKEUP);
            }
            drive(req);
        });
        Runnable register = () -> {
            if (!busy.park(resume)) {
                resume.run();
            }
        };
        // Inside a handler call (on the I/O thread, or on the worker thread that finished the
        // previous response of a pipelining client), this marks the exchange dispatched, so that
        // Undertow does not end it when the call returns, and registers once the call is over.
        // Outside one (a resumed request parking again), it registers at once.
        req.exchange.dispatch(SameThreadExecutor.INSTANCE, register);
    }

    private Action check(Req req, Sub sub, Action action) {
        if (action == null || !sub.allows(action)) {
            LOG.warn("{} illegal return({}) from {}", req.xid, action == null ? "null" : action.vclName(), sub.vclName());
            return Action.FAIL;
        }
        return action;
    }

    private static boolean hasBody(HttpServerExchange exchange) {
        return exchange.getRequestContentLength() > 0 || exchange.getRequestHeaders().contains("Transfer-Encoding");
    }

    private static String identity() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                host = "localhost";
            }
        }
        return host;
    }
}
