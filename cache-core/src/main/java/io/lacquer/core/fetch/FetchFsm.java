package io.lacquer.core.fetch;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.BackendConnection;
import io.lacquer.core.backend.BackendProtocolException;
import io.lacquer.core.backend.BodyReader;
import io.lacquer.core.backend.Director;
import io.lacquer.core.backend.ResponseHead;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.hash.HashTable;
import io.lacquer.core.hash.VaryMatcher;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.http.HopByHop;
import io.lacquer.core.object.CacheControl;
import io.lacquer.core.object.Freshness;
import io.lacquer.core.object.HttpDates;
import io.lacquer.core.object.StoredDirectives;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.stats.Counters;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.BackendContext;
import io.lacquer.core.vcl.BereqView;
import io.lacquer.core.vcl.BerespView;
import io.lacquer.core.vcl.Sub;
import io.lacquer.core.vcl.VclProgram;
import io.lacquer.storage.Body;
import io.lacquer.storage.StoredObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One backend fetch, driven through {@link FetchStep}s on its own thread (Varnish's
 * {@code cache_fetch.c}). It ends by unbusying its {@link BusyObject} with a response (a real one,
 * a stale one revalidated by a 304 or allowed by stale-if-error, or the synthetic page of
 * vcl_backend_error) or by failing it; clients deliver from there.
 */
public final class FetchFsm implements Runnable, BackendContext {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.core.fetch");
    private static final int CHUNK = 64 * 1024;

    private final VclProgram vcl;
    private final HashTable table;
    private final Params params;
    private final Counters counters;
    private final BusyObject busy;
    private final Bereq bereq;
    private final String identity;
    private Beresp beresp;
    private BackendConnection connection;
    private ResponseHead head;
    private BodyReader reader;
    private StoredObject response;
    /** The stored body a 304 revalidated: delivered instead of reading one from the backend. */
    private Body revalidatedBody;
    private boolean store;
    private String failure = "";
    private int errorStatus = 503;
    private String errorReason = "Backend fetch failed";
    private double passSeconds = -1;
    /** Whether the fetch is counted in its policy's busy count (it was started with {@link #start}). */
    private boolean counted;

    /** A fetch of {@code bereq} into {@code busy}, under policy {@code vcl}. */
    public FetchFsm(VclProgram vcl, HashTable table, Params params, Counters counters, BusyObject busy, Bereq bereq,
                    String identity) {
        this.vcl = vcl;
        this.table = table;
        this.params = params;
        this.counters = counters;
        this.busy = busy;
        this.bereq = bereq;
        this.identity = identity;
    }

    /**
     * Counts the fetch in its policy's busy count, then runs it on {@code pool}. The count ends with
     * the fetch, or at once when the pool refuses it (the refusal is rethrown).
     */
    public void start(java.util.concurrent.Executor pool) {
        vcl.busy().acquire();
        counted = true;
        try {
            pool.execute(this);
        } catch (RuntimeException e) {
            counted = false;
            vcl.busy().release();
            throw e;
        }
    }

    /**
     * Runs the fetch to the end. Every failure is a state; and however the fetch ends, no client is
     * left waiting: a response never unbusied fails the busy object, a body never finished fails
     * its readers.
     */
    @Override
    public void run() {
        try {
            steps();
        } finally {
            if (busy.state() == BusyObject.State.BUSY) {
                busy.fail();
            }
            if (!busy.body().isComplete()) {
                LOG.warn("{} fetch {} ended with its body open ({})", bereq.xid(), bereq.url(), failure);
                busy.body().fail(new IOException("fetch ended before its body was complete"));
            }
            closeConnection();
            table.release(busy);
            if (counted) {
                vcl.busy().release();
            }
        }
    }

    private void steps() {
        FetchStep step = FetchStep.FETCH_VCL;
        while (step != FetchStep.DONE) {
            try {
                step = switch (step) {
                    case FETCH_VCL -> fetchVcl();
                    case START -> start();
                    case BODY -> body();
                    case END -> end();
                    case ERROR -> error();
                    case RETRY -> retry();
                    case FAIL -> fail();
                    case DONE -> FetchStep.DONE;
                };
            } catch (RuntimeException e) {
                LOG.warn("{} fetch {} failed in {}: {}", bereq.xid(), bereq.url(), step, e.toString(), e);
                step = step == FetchStep.FAIL ? FetchStep.DONE : FetchStep.FAIL;
            }
        }
    }

    /** vcl_backend_fetch: the request is made conditional on a stale copy, then the policy may change it or give up. */
    private FetchStep fetchVcl() {
        StoredObject stale = bereq.stale();
        if (stale != null && Revalidation.hasValidator(stale)) {
            Revalidation.makeConditional(bereq.http(), stale);
        }
        return switch (call(Sub.BACKEND_FETCH, vcl.backendFetch(this))) {
            case FETCH -> FetchStep.START;
            case ERROR -> FetchStep.ERROR;
            default -> FetchStep.FAIL;
        };
    }

    /** Send the request and read the response head; then vcl_backend_response decides. */
    private FetchStep start() {
        counters.inc(Counter.S_FETCH);
        Director director = bereq.backend();
        Backend backend = director == null ? null : director.resolve(null);
        if (backend == null) {
            failure = director == null ? "no backend" : "no healthy backend in " + director.name();
            return fetchFailed();
        }
        if (bereq.http().get("Host") == null && backend.spec().hostHeader() != null) {
            bereq.http().set("Host", backend.spec().hostHeader());
        }
        long sent = System.currentTimeMillis();
        long received;
        try {
            head = send(backend);
            received = System.currentTimeMillis();
            if (head.status() == 200 && head.headers().contains("Content-Range")) {
                throw new BackendProtocolException("a 200 response with Content-Range");
            }
            reader = connection.body(head, bereq.method());
        } catch (IOException e) {
            failure = e.getMessage();
            closeConnection();
            return fetchFailed();
        }
        StoredObject stale = bereq.stale();
        if (stale != null && head.status() == 304) {
            return revalidated(stale, sent, received);
        }
        if (stale != null && head.status() >= 500 && head.status() <= 504 && staleIfErrorAllows(stale)) {
            closeConnection();
            return serveStale(stale);
        }
        HeaderList http = responseFields(head.headers());
        if (!http.contains("Date")) {
            // RFC 9110 §6.6.1: a recipient with a clock adds the Date it received the message at
            http.set("Date", HttpDates.format(received));
        }
        if (bereq.uncacheable() && Invalidation.applies(bereq.method(), head.status())) {
            Invalidation.apply(table, bereq.url(), bereq.http().get("Host"), http);
        }
        Freshness freshness = Freshness.of(head.status(), http, sent, received, params);
        if (bereq.http().contains("Authorization") && !Freshness.allowsSharingAuthorized(Freshness.effective(http, params))) {
            // RFC 9111 §3.5: a response to an authorized request is stored only when it says it may be
            freshness = new Freshness(freshness.age(), -1, 0, 0);
        }
        beresp = beresp(head.status(), head.reason(), http, received, freshness, bereq.uncacheable());
        return backendResponse();
    }

    /** A 304 to the conditional request: the stale response, its headers updated, is fresh again (RFC 9111 §4.3.4). */
    private FetchStep revalidated(StoredObject stale, long sent, long received) {
        releaseConnection();
        HeaderList merged = Revalidation.merge(stale, responseFields(head.headers()));
        beresp = beresp(stale.status(), stale.reason(), merged, received,
                Freshness.of(stale.status(), merged, sent, received, params), bereq.uncacheable());
        beresp.was304 = true;
        revalidatedBody = stale.body();
        return backendResponse();
    }

    /** vcl_backend_response: the policy decides what becomes of the response. */
    private FetchStep backendResponse() {
        return switch (call(Sub.BACKEND_RESPONSE, vcl.backendResponse(this))) {
            case DELIVER -> unbusy();
            case PASS -> {
                beresp.uncacheable(true);
                yield unbusy();
            }
            case RETRY -> {
                closeConnection();
                yield FetchStep.RETRY;
            }
            case ERROR -> {
                closeConnection();
                yield FetchStep.ERROR;
            }
            default -> {
                closeConnection();
                yield FetchStep.FAIL;
            }
        };
    }

    /**
     * Stream the body into the busy object, chunk by chunk, as it arrives. The connection goes back
     * to the pool before the last bytes are handed over, so a client that sends its next request
     * the moment it has this response finds the connection idle.
     */
    private FetchStep body() {
        StreamingBody out = busy.body();
        if (revalidatedBody != null) {
            for (ByteBuffer b : revalidatedBody.buffers()) {
                out.append(b);
            }
            return FetchStep.END;
        }
        byte[] buf = new byte[CHUNK];
        try {
            int n;
            while ((n = reader.read(buf, 0, buf.length)) >= 0) {
                reader.peekEnd();
                if (reader.isDone()) {
                    releaseConnection();
                }
                if (n > 0) {
                    out.append(ByteBuffer.allocateDirect(n).put(buf, 0, n).flip());
                }
            }
        } catch (IOException e) {
            counters.inc(Counter.FETCH_FAILED);
            LOG.info("{} fetch {} body failed: {}", bereq.xid(), bereq.url(), e.getMessage());
            out.fail(e);
            closeConnection();
            table.release(busy);
            return FetchStep.DONE;
        }
        releaseConnection();
        return FetchStep.END;
    }

    /**
     * Store the object, then end the body: a client that has read the whole response will find
     * the object in the store on its next request.
     */
    private FetchStep end() {
        boolean refused = store && !table.insert(busy.key(), response.withBody(busy.body().received()));
        busy.body().complete();
        table.release(busy);
        if (refused) {
            // counted once the busy object is gone: whoever sees the count and asks again fetches again
            counters.inc(Counter.STORE_FAIL);
        }
        return FetchStep.DONE;
    }

    /** vcl_backend_error: build a synthetic response for the clients (the "backend fetch failed" page). */
    private FetchStep error() {
        StoredObject stale = bereq.stale();
        if (stale != null && staleIfErrorAllows(stale)) {
            return serveStale(stale);
        }
        if (stale != null && mustRevalidate(stale)) {
            // RFC 9111 §5.2.2.2: a response that must be revalidated and cannot be is a 504, never stale
            errorStatus = 504;
            errorReason = "Gateway Timeout";
        }
        beresp = beresp(errorStatus, errorReason, new HeaderList(), System.currentTimeMillis(),
                new Freshness(0, 0, 0, 0), true);
        beresp.http().set("Date", HttpDates.format(System.currentTimeMillis()));
        Action a = call(Sub.BACKEND_ERROR, vcl.backendError(this));
        if (a == Action.RETRY) {
            // as varnishd: a retry from vcl_backend_error past max_retries fails the fetch, rather
            // than coming back here, so a policy that always retries cannot loop for ever
            if (bereq.retries() >= params.intValue(Param.MAX_RETRIES)) {
                failure = "Too many retries, failing";
                return FetchStep.FAIL;
            }
            return FetchStep.RETRY;
        }
        if (a != Action.DELIVER) {
            return FetchStep.FAIL;
        }
        byte[] text = (beresp.syntheticBody() == null ? "" : beresp.syntheticBody()).getBytes(StandardCharsets.UTF_8);
        response = toObject(beresp, StoredObject.Kind.HIT_FOR_MISS, Body.copyOf(text));
        store = false;
        busy.body().append(ByteBuffer.wrap(text));
        busy.body().complete();
        busy.unbusy(response, true);
        table.release(busy);
        return FetchStep.DONE;
    }

    /** Another attempt, from vcl_backend_fetch, up to max_retries; past that, vcl_backend_error. */
    private FetchStep retry() {
        bereq.retried();
        counters.inc(Counter.BACKEND_RETRY);
        if (bereq.retries() > params.intValue(Param.MAX_RETRIES)) {
            errorReason = "Too many retries";
            return FetchStep.ERROR;
        }
        // as varnishd: every attempt runs vcl_backend_fetch, which may pick another backend
        return FetchStep.FETCH_VCL;
    }

    /** Give up: the clients waiting on this fetch get a 503. */
    private FetchStep fail() {
        counters.inc(Counter.FETCH_FAILED);
        closeConnection();
        busy.fail();
        table.release(busy);
        return FetchStep.DONE;
    }

    // ---- helpers ----

    private FetchStep fetchFailed() {
        counters.inc(Counter.FETCH_FAILED);
        LOG.info("{} fetch {} failed: {}", bereq.xid(), bereq.url(), failure);
        return FetchStep.ERROR;
    }

    private Beresp beresp(int status, String reason, HeaderList http, long received, Freshness freshness, boolean uncacheable) {
        Beresp r = new Beresp(status, reason, http, received, freshness, uncacheable);
        r.honourCdnCacheControl(params.get(Param.CDN_CACHE_CONTROL) != 0);
        return r;
    }

    /** Delivers the stale copy instead of a failed fetch (stale-if-error); nothing new is stored. */
    private FetchStep serveStale(StoredObject stale) {
        for (ByteBuffer b : stale.body().buffers()) {
            busy.body().append(b);
        }
        busy.body().expectLength(stale.body().length());
        busy.body().complete();
        response = stale;
        busy.unbusy(stale, true);
        table.release(busy);
        return FetchStep.DONE;
    }

    /** Whether stale-if-error (RFC 5861 §4), from the response or the client, covers {@code stale} now. */
    private boolean staleIfErrorAllows(StoredObject stale) {
        if (mustRevalidate(stale)) {
            return false;
        }
        String cdn = params.get(Param.CDN_CACHE_CONTROL) != 0 ? StoredDirectives.joined(stale, "CDN-Cache-Control") : null;
        CacheControl cc = CacheControl.parse(cdn != null ? cdn : StoredDirectives.joined(stale, "Cache-Control"));
        long window = Math.max(cc.seconds("stale-if-error"), bereq.clientStaleIfError());
        return window >= 0 && System.currentTimeMillis() <= stale.freshUntil() + window * 1000;
    }

    private static boolean mustRevalidate(StoredObject stale) {
        return StoredDirectives.forbidsStale(stale);
    }

    private ResponseHead send(Backend backend) throws IOException {
        for (int attempt = 0; ; attempt++) {
            int connectTimeout = backend.timeoutMillis(bereq.connectTimeout(), Param.CONNECT_TIMEOUT);
            // A body is read from the client as it is sent, so its request goes on a new connection.
            // So does a second attempt: when the backend closed one idle connection, it closed the
            // others that idled as long.
            boolean pooled = bereq.body() == null && attempt == 0;
            connection = pooled ? backend.connect(connectTimeout) : backend.connectNew(connectTimeout);
            boolean mayRepeat = connection.isReused();
            try {
                connection.sendHead(bereq.method(), bereq.url(), outgoing());
                if (bereq.body() != null) {
                    if (bereq.bodyLength() >= 0) {
                        connection.sendBody(bereq.body(), bereq.bodyLength());
                    } else {
                        connection.sendChunked(bereq.body());
                    }
                    bereq.bodyConsumed();
                } else {
                    connection.flush();
                }
                return connection.readHead(backend.timeoutMillis(bereq.firstByteTimeout(), Param.FIRST_BYTE_TIMEOUT),
                        backend.timeoutMillis(bereq.betweenBytesTimeout(), Param.BETWEEN_BYTES_TIMEOUT),
                        params.intValue(Param.HTTP_RESP_SIZE), params.intValue(Param.HTTP_MAX_HDR));
            } catch (java.io.EOFException | java.net.SocketException e) {
                closeConnection();
                if (!mayRepeat) {
                    throw e;
                }
                // a pooled connection the backend had already closed: try once on a fresh one
                counters.inc(Counter.BACKEND_RETRY);
            } catch (IOException e) {
                closeConnection();
                throw e;
            }
        }
    }

    private HeaderList outgoing() {
        HeaderList out = new HeaderList();
        bereq.http().forEach(out::add);
        out.remove("Content-Length");
        out.remove("Transfer-Encoding");
        if (bereq.body() != null) {
            if (bereq.bodyLength() >= 0) {
                out.set("Content-Length", Long.toString(bereq.bodyLength()));
            } else {
                out.set("Transfer-Encoding", "chunked");
            }
        } else if (!"GET".equals(bereq.method()) && !"HEAD".equals(bereq.method())) {
            out.set("Content-Length", "0");
        }
        return out;
    }

    /** The fields of a backend response worth keeping: not hop-by-hop, not named in Connection, not framing. */
    private static HeaderList responseFields(HeaderList raw) {
        Set<String> listed = HopByHop.listedIn(raw.joined("Connection"));
        HeaderList out = new HeaderList();
        raw.forEach((n, v) -> {
            String lower = n.toLowerCase(Locale.ROOT);
            if (!HopByHop.isHopByHop(n) && !listed.contains(lower) && !lower.equals("content-length")) {
                out.add(n, v);
            }
        });
        return out;
    }

    private FetchStep unbusy() {
        boolean hitForPass = passSeconds >= 0;
        if (hitForPass) {
            beresp.ttl(passSeconds);
        }
        StoredObject.Kind kind = hitForPass ? StoredObject.Kind.HIT_FOR_PASS
                : beresp.uncacheable() ? StoredObject.Kind.HIT_FOR_MISS : StoredObject.Kind.OBJECT;
        response = toObject(beresp, kind, Body.EMPTY);
        store = kind == StoredObject.Kind.OBJECT && response.expires() > System.currentTimeMillis();
        if (kind != StoredObject.Kind.OBJECT && busy.key() != null && !bereq.uncacheable() && beresp.ttl() > 0
                && bereq.stale() == null) {
            // remember the decision so later lookups skip the waiting list (hit-for-miss / hit-for-pass);
            // not over a stale response being revalidated, which stays for the next revalidation or stale-if-error
            table.insert(busy.key(), response);
        }
        busy.body().expectLength(revalidatedBody != null ? revalidatedBody.length() : reader.knownLength());
        busy.unbusy(response, store);
        return FetchStep.BODY;
    }

    /** The stored form of {@code r}; fields a shared cache must not keep (private="…", no-cache="…") are left out. */
    private StoredObject toObject(Beresp r, StoredObject.Kind kind, Body body) {
        CacheControl cc = Freshness.effective(r.http(), params);
        Set<String> withheld = new java.util.HashSet<>();
        for (String directive : new String[] {"private", "no-cache"}) {
            String fields = cc.argument(directive);
            if (fields != null) {
                for (String f : fields.split(",")) {
                    withheld.add(f.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        List<StoredObject.Header> headers = new ArrayList<>(r.http().size());
        r.http().forEach((n, v) -> {
            if (!withheld.contains(n.toLowerCase(Locale.ROOT))) {
                headers.add(new StoredObject.Header(n, v));
            }
        });
        List<String> variant = VaryMatcher.select(VaryMatcher.names(r.http().joined("Vary")), bereq.http());
        return new StoredObject(bereq.reqXid(), r.status(), r.reason(), headers, variant, body, r.origin(),
                r.ttlMillis(), r.graceMillis(), r.keepMillis(), kind);
    }

    private Action call(Sub sub, Action action) {
        if (action == null || !sub.allows(action)) {
            LOG.warn("{} illegal return({}) from {}", bereq.xid(), action == null ? "null" : action.vclName(), sub.vclName());
            return Action.FAIL;
        }
        return action;
    }

    private void releaseConnection() {
        if (connection != null) {
            connection.release(BackendConnection.keepsAlive(head, reader));
            connection = null;
        }
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    // ---- BackendContext ----

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
        this.errorStatus = status;
        this.errorReason = reason != null ? reason : io.undertow.util.StatusCodes.getReason(status);
        return Action.ERROR;
    }

    @Override
    public Action passFor(double seconds) {
        this.passSeconds = Math.max(0, seconds);
        return Action.PASS;
    }

    @Override
    public String serverIdentity() {
        return identity;
    }

    @Override
    public String ban(String expression) {
        return table.ban(expression);
    }
}
