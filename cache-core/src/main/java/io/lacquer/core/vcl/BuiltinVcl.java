package io.lacquer.core.vcl;

import io.lacquer.core.backend.Director;

import io.lacquer.core.object.CacheControl;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Varnish 7.1's {@code builtin.vcl}, in Java: the policy a node runs when it is given none, and
 * what every policy falls through to. Written as the same small named subroutines
 * ({@code vcl_req_host}, {@code vcl_req_method}, …) so the two can be read side by side; each
 * returns null where the VCL falls through.
 */
public final class BuiltinVcl implements VclProgram {
    /** Statuses whose caching semantics this cache implements (for {@code must-understand}). */
    private static final Set<Integer> UNDERSTOOD = Set.of(200, 203, 204, 206, 300, 301, 302, 303, 304, 307, 308,
            404, 405, 410, 414, 501);
    private static final Pattern SC_NO_STORE = Pattern.compile("(?i)no-store");

    private final String name;
    private final Director defaultBackend;
    private final BusyCount busy = new BusyCount();

    /** The builtin policy named {@code name}, fetching from {@code defaultBackend}. */
    public BuiltinVcl(String name, Director defaultBackend) {
        this.name = java.util.Objects.requireNonNull(name, "name");
        this.defaultBackend = defaultBackend;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Director defaultBackend() {
        return defaultBackend;
    }

    @Override
    public BusyCount busy() {
        return busy;
    }

    // ---- client side ----

    @Override
    public Action recv(ClientContext ctx) {
        Action a = reqHost(ctx);
        if (a == null) {
            a = reqMethod(ctx);
        }
        if (a == null) {
            a = reqCookie(ctx);
        }
        return a != null ? a : Action.HASH;
    }

    /** {@code vcl_req_host}: lower-case the Host; a HTTP/1.1 request without one is a 400. */
    public static Action reqHost(ClientContext ctx) {
        ReqView req = ctx.req();
        String host = req.http().get("Host");
        if (host != null) {
            String lower = host.toLowerCase(Locale.ROOT);
            if (!lower.equals(host)) {
                req.http().set("Host", lower);
            }
        } else if ("HTTP/1.1".equals(req.proto())) {
            return ctx.synth(400, null);
        }
        return null;
    }

    /**
     * {@code vcl_req_method}: PRI is refused, CONNECT piped, all but GET and HEAD passed. Unlike
     * Varnish, other unknown methods are passed rather than piped, so that they stay HTTP requests
     * whose answers can invalidate stored responses (RFC 9111 §4.4).
     */
    public static Action reqMethod(ClientContext ctx) {
        String method = ctx.req().method();
        if ("PRI".equals(method)) {
            return ctx.synth(405, null);
        }
        if ("CONNECT".equals(method)) {
            return Action.PIPE;
        }
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return Action.PASS;
        }
        return null;
    }

    /**
     * {@code vcl_req_authorization}: Varnish passes every request with credentials. Not called by
     * this builtin: such requests are looked up, and the engine stores a response to one only when
     * {@code public}, {@code must-revalidate} or {@code s-maxage} allows it (RFC 9111 §3.5). A policy
     * that wants Varnish's behaviour calls this from its vcl_recv.
     */
    public static Action reqAuthorization(ClientContext ctx) {
        return ctx.req().http().contains("Authorization") ? Action.PASS : null;
    }

    /** {@code vcl_req_cookie}: a request with cookies is not served from cache ("risky to cache by default"). */
    public static Action reqCookie(ClientContext ctx) {
        return ctx.req().http().contains("Cookie") ? Action.PASS : null;
    }

    @Override
    public Action hash(ClientContext ctx) {
        ctx.hashData(ctx.req().url());
        String host = ctx.req().http().get("Host");
        ctx.hashData(host != null ? host : ctx.req().serverIp());
        return Action.LOOKUP;
    }

    @Override
    public Action hit(ClientContext ctx) {
        return Action.DELIVER;
    }

    @Override
    public Action miss(ClientContext ctx) {
        return Action.FETCH;
    }

    @Override
    public Action pass(ClientContext ctx) {
        return Action.FETCH;
    }

    @Override
    public Action pipe(ClientContext ctx) {
        return Action.PIPE;
    }

    @Override
    public Action purge(ClientContext ctx) {
        return ctx.synth(200, "Purged");
    }

    @Override
    public Action deliver(ClientContext ctx) {
        return Action.DELIVER;
    }

    @Override
    public Action synth(ClientContext ctx) {
        RespView resp = ctx.resp();
        resp.http().set("Content-Type", "text/html; charset=utf-8");
        resp.http().set("Retry-After", "5");
        resp.body(errorPage(resp.status(), resp.reason(), ctx.req().xid()));
        return Action.DELIVER;
    }

    // ---- backend side ----

    @Override
    public Action backendFetch(BackendContext ctx) {
        if ("GET".equals(ctx.bereq().method())) {
            ctx.bereq().unsetBody();
        }
        return Action.FETCH;
    }

    @Override
    public Action backendResponse(BackendContext ctx) {
        if (ctx.bereq().uncacheable()) {
            return Action.DELIVER;
        }
        Action a = berespStale(ctx);
        if (a == null) {
            a = berespCookie(ctx);
        }
        if (a == null) {
            a = berespControl(ctx);
        }
        if (a == null) {
            a = berespVary(ctx);
        }
        return a != null ? a : Action.DELIVER;
    }

    /**
     * {@code vcl_beresp_stale}: a response with no time to live becomes hit-for-miss, unless it is
     * a 200 with a validator and {@code beresp.keep} holds it for revalidation (RFC 9111 §4.3; Varnish
     * makes it hit-for-miss regardless).
     */
    public static Action berespStale(BackendContext ctx) {
        BerespView beresp = ctx.beresp();
        if (beresp.ttl() > 0) {
            return null;
        }
        boolean revalidatable = beresp.status() == 200 && beresp.keep() > 0
                && (beresp.http().contains("ETag") || beresp.http().contains("Last-Modified"));
        return revalidatable ? null : berespHitmiss(ctx);
    }

    /** {@code vcl_beresp_cookie}: a response that sets a cookie becomes hit-for-miss. */
    public static Action berespCookie(BackendContext ctx) {
        return ctx.beresp().http().contains("Set-Cookie") ? berespHitmiss(ctx) : null;
    }

    /**
     * {@code vcl_beresp_control}: Surrogate-Control no-store, or a Cache-Control (CDN-Cache-Control
     * where it applies) that forbids a shared cache to store: {@code no-store} (unless
     * {@code must-understand} vouches for a status this cache understands) or unqualified
     * {@code private} (RFC 9111 §3, §5.2.2). Unlike Varnish, {@code no-cache} responses are stored,
     * to be revalidated before each use, and {@code private="field"} only withholds that field.
     */
    public static Action berespControl(BackendContext ctx) {
        BerespView beresp = ctx.beresp();
        String surrogate = beresp.http().joined("Surrogate-Control");
        if (surrogate != null) {
            return SC_NO_STORE.matcher(surrogate).find() ? berespHitmiss(ctx) : null;
        }
        CacheControl cc = CacheControl.parse(beresp.cacheControl());
        boolean understood = cc.has("must-understand") && UNDERSTOOD.contains(beresp.status());
        if ((cc.has("no-store") && !understood) || (cc.has("private") && cc.argument("private") == null)) {
            return berespHitmiss(ctx);
        }
        return null;
    }

    /** {@code vcl_beresp_vary}: {@code Vary: *} becomes hit-for-miss. */
    public static Action berespVary(BackendContext ctx) {
        return "*".equals(ctx.beresp().http().joined("Vary")) ? berespHitmiss(ctx) : null;
    }

    /** {@code vcl_beresp_hitmiss}: remember for 120 s that this object is not cacheable. */
    public static Action berespHitmiss(BackendContext ctx) {
        ctx.beresp().ttl(120);
        ctx.beresp().uncacheable(true);
        return Action.DELIVER;
    }

    @Override
    public Action backendError(BackendContext ctx) {
        BerespView beresp = ctx.beresp();
        beresp.http().set("Content-Type", "text/html; charset=utf-8");
        beresp.http().set("Retry-After", "5");
        beresp.body(errorPage(beresp.status(), beresp.reason(), ctx.bereq().xid()));
        return Action.DELIVER;
    }

    /** The "Guru Meditation" page Varnish shows for errors, naming the request id. */
    public static String errorPage(int status, String reason, long xid) {
        return "<!DOCTYPE html>\n<html>\n  <head>\n    <title>" + status + " " + reason + "</title>\n  </head>\n"
                + "  <body>\n    <h1>Error " + status + " " + reason + "</h1>\n    <p>" + reason + "</p>\n"
                + "    <h3>Guru Meditation:</h3>\n    <p>XID: " + xid + "</p>\n    <hr>\n"
                + "    <p>Lacquer cache server</p>\n  </body>\n</html>\n";
    }
}
