package io.lacquer.core.fetch;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.BackendConnection;
import io.lacquer.core.backend.BodyReader;
import io.lacquer.core.backend.Director;
import io.lacquer.core.backend.ResponseHead;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.hash.HashTable;
import io.lacquer.core.hash.VaryMatcher;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.http.HopByHop;
import io.lacquer.core.object.Freshness;
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
import java.util.Set;

/**
 * One backend fetch, driven through {@link FetchStep}s on its own thread (Varnish's
 * {@code cache_fetch.c}). It ends by unbusying its {@link BusyObject} with a response (a real
 * one, or the synthetic page of vcl_backend_error) or by failing it; clients deliver from there.
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
    private boolean store;
    private String failure = "";
    private int errorStatus = 503;
    private String errorReason = "Backend fetch failed";
    private double passSeconds = -1;

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

    /** Runs the fetch to the end. Never throws: every failure is a state. */
    @Override
    public void run() {
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

    /** vcl_backend_fetch: the policy may change the request, or give up. */
    private FetchStep fetchVcl() {
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
        if (bereq.backend() != backend && bereq.http().get("Host") == null && backend.spec().hostHeader() != null) {
            bereq.http().set("Host", backend.spec().hostHeader());
        }
        long received;
        try {
            head = send(backend);
            received = System.currentTimeMillis();
            reader = connection.body(head, bereq.method());
        } catch (IOException e) {
            failure = e.getMessage();
            closeConnection();
            return fetchFailed();
        }
        HeaderList http = responseFields(head.headers());
        beresp = new Beresp(head.status(), head.reason(), http, received,
                Freshness.of(head.status(), http, received, params), bereq.uncacheable());
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

    private void releaseConnection() {
        if (connection != null) {
            connection.release(BackendConnection.keepsAlive(head, reader));
            connection = null;
        }
    }

    /**
     * Store the object, then end the body: a client that has read the whole response will find
     * the object in the store on its next request.
     */
    private FetchStep end() {
        if (store && !table.insert(busy.key(), response.withBody(busy.body().received()))) {
            counters.inc(Counter.STORE_FAIL);
        }
        busy.body().complete();
        table.release(busy);
        return FetchStep.DONE;
    }

    /** vcl_backend_error: build a synthetic response for the clients (the "backend fetch failed" page). */
    private FetchStep error() {
        beresp = new Beresp(errorStatus, errorReason, new HeaderList(), System.currentTimeMillis(),
                new Freshness(0, 0, 0, 0), true);
        beresp.http().set("Date", io.undertow.util.DateUtils.toDateString(new java.util.Date()));
        Action a = call(Sub.BACKEND_ERROR, vcl.backendError(this));
        if (a == Action.RETRY) {
            return FetchStep.RETRY;
        }
        if (a != Action.DELIVER) {
            return FetchStep.FAIL;
        }
        String text = beresp.syntheticBody() == null ? "" : beresp.syntheticBody();
        Body synthetic = Body.copyOf(text.getBytes(StandardCharsets.UTF_8));
        response = toObject(beresp, StoredObject.Kind.HIT_FOR_MISS, synthetic);
        store = false;
        busy.body().append(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
        busy.body().complete();
        busy.unbusy(response, true);
        table.release(busy);
        return FetchStep.DONE;
    }

    /** Another attempt, up to max_retries; past that, vcl_backend_error. */
    private FetchStep retry() {
        bereq.retried();
        counters.inc(Counter.BACKEND_RETRY);
        if (bereq.retries() > params.intValue(Param.MAX_RETRIES)) {
            errorReason = "Too many retries";
            return FetchStep.ERROR;
        }
        return FetchStep.START;
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

    private ResponseHead send(Backend backend) throws IOException {
        for (int attempt = 0; ; attempt++) {
            connection = backend.connect();
            boolean mayRepeat = connection.isReused() && bereq.body() == null && attempt == 0;
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
                return connection.readHead(backend.firstByteTimeoutMillis(), backend.betweenBytesTimeoutMillis(),
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
            String lower = n.toLowerCase(java.util.Locale.ROOT);
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
        if (kind != StoredObject.Kind.OBJECT && busy.key() != null && !bereq.uncacheable() && beresp.ttl() > 0) {
            // remember the decision so later lookups skip the waiting list (hit-for-miss / hit-for-pass)
            table.insert(busy.key(), response);
        }
        busy.body().expectLength(reader.knownLength());
        busy.unbusy(response, store);
        return FetchStep.BODY;
    }

    private StoredObject toObject(Beresp r, StoredObject.Kind kind, Body body) {
        List<StoredObject.Header> headers = new ArrayList<>(r.http().size());
        r.http().forEach((n, v) -> headers.add(new StoredObject.Header(n, v)));
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
}
