package io.lacquer.front.route;

import io.lacquer.front.balance.Algorithm;
import io.lacquer.front.balance.Balancer;
import io.lacquer.front.config.CookieConfig;
import io.lacquer.front.config.ForwardFor;
import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.proxy.BackendProxyClient;
import io.lacquer.front.proxy.Forwarder;
import io.lacquer.front.proxy.Routing;
import io.lacquer.front.server.HttpCounters;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.sticky.CookieHeader;
import io.lacquer.front.sticky.StickyCookie;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A running backend: its servers, balancer, persistence, counters and the forwarding handler.
 */
public final class BackendRuntime {
    private final ProxyConfig config;
    private final List<ServerState> servers;
    private final List<ServerState> backups;
    private final Balancer balancer;
    private final StickyCookie sticky;
    private final HttpCounters counters = new HttpCounters();
    private final BackendProxyClient client;
    private final Forwarder forwarder;

    /** Builds the runtime of a section that has servers. */
    public BackendRuntime(ProxyConfig config) {
        this.config = config;
        List<ServerState> all = new ArrayList<>();
        List<ServerState> primary = new ArrayList<>();
        List<ServerState> backup = new ArrayList<>();
        for (var sc : config.servers()) {
            ServerState s = new ServerState(config.name(), sc);
            all.add(s);
            (sc.backup() ? backup : primary).add(s);
        }
        this.servers = List.copyOf(all);
        this.backups = List.copyOf(backup);
        this.balancer = Algorithm.balancer(config.balance(), config.hashType(), primary);
        this.sticky = config.cookie() == null ? null : new StickyCookie(config.cookie(), all);
        long idle = config.timeouts().server() > 0 ? config.timeouts().server() : 60_000;
        this.client = new BackendProxyClient(servers, this::choose, config.retries(), config.redispatch(),
                config.timeouts().effectiveQueue(), config.timeouts().connect(), idle, counters);
        this.forwarder = new Forwarder(client, config.forwardFor(), config.timeouts().server());
    }

    /** The section's configuration. */
    public ProxyConfig config() {
        return config;
    }

    /** The servers, primaries and backups, in declaration order. */
    public List<ServerState> servers() {
        return servers;
    }

    /** The backend's counters. */
    public HttpCounters counters() {
        return counters;
    }

    /** Whether any server can take new traffic. */
    public boolean up() {
        for (ServerState s : servers) {
            if (s.balanceable()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs the backend's {@code http-request} rules, then forwards the request to one of the
     * servers; called on the I/O thread.
     *
     * @param frontendForwardFor the frontend's {@code option forwardfor}, or null
     * @param clientTimeout the frontend's {@code timeout client} in milliseconds, 0 for none
     */
    public void handle(HttpServerExchange exchange, @Nullable ForwardFor frontendForwardFor, long clientTimeout)
            throws Exception {
        if (!config.kind().hasFront() && !config.httpRequestRules().isEmpty() && RequestRules.apply(
                config.httpRequestRules(), exchange, new ExchangeRequestView(exchange), counters, null)) {
            return;
        }
        Routing r;
        if (sticky != null) {
            r = readCookie(exchange, frontendForwardFor, clientTimeout);
        } else {
            r = new Routing(null, 0, frontendForwardFor, clientTimeout);
        }
        counters.begin();
        long in = exchange.getRequestContentLength();
        exchange.addExchangeCompleteListener((ex, next) -> {
            int status = ex.getStatusCode();
            long out = ex.getResponseBytesSent();
            counters.end();
            counters.response(status, Math.max(0, in), out);
            ServerState s = r.server();
            if (status == 504 || status == 502) {
                counters.responseError();
                if (s != null) {
                    s.counters().responseError();
                }
            }
            if (s != null && routedTo(r)) {
                s.counters().end();
                s.counters().response(status, Math.max(0, in), out);
            }
            // last: the slot may pass at once to a queued request, which then counts itself in
            BackendProxyClient.finished(r);
            next.proceed();
        });
        if (sticky != null) {
            exchange.addResponseCommitListener(ex -> onCommit(ex, r));
        }
        forwarder.forward(exchange, r);
    }

    private static boolean routedTo(Routing r) {
        return r.server() != null && r.counted() == r.server();
    }

    /* Resolves the persistence cookie and rewrites it for the server (indirect, prefix). */
    private Routing readCookie(HttpServerExchange exchange, @Nullable ForwardFor frontendForwardFor, long clientTimeout) {
        String name = sticky.config().name();
        HeaderValues cookies = exchange.getRequestHeaders().get(Headers.COOKIE);
        String value = CookieHeader.find(cookies, name);
        long now = System.currentTimeMillis();
        StickyCookie.Match m = sticky.read(value, now);
        Routing r = new Routing(m.server(), m.firstSeen(), frontendForwardFor, clientTimeout);
        if (m.server() != null && m.server().status().takesPersistent()) {
            r.persist(m.server());
        }
        if (value != null && !Objects.equals(value, m.forwardValue())) {
            HeaderMap h = exchange.getRequestHeaders();
            List<String> rewritten = new ArrayList<>();
            for (String v : cookies) {
                String nv = v.contains(name + "=") ? CookieHeader.rewrite(v, name, m.forwardValue()) : v;
                if (nv != null) {
                    rewritten.add(nv);
                }
            }
            h.remove(Headers.COOKIE);
            if (!rewritten.isEmpty()) {
                h.addAll(Headers.COOKIE, rewritten);
            }
        }
        return r;
    }

    /* Adds, rewrites or drops persistence cookies as the response leaves. */
    private void onCommit(HttpServerExchange exchange, Routing r) {
        ServerState s = r.server();
        if (s == null || !routedTo(r)) {
            return;
        }
        HeaderMap headers = exchange.getResponseHeaders();
        HeaderValues set = headers.get(Headers.SET_COOKIE);
        if (set != null && !set.isEmpty()) {
            List<String> out = new ArrayList<>(set.size());
            for (String v : set) {
                String nv = sticky.rewriteSetCookie(v, s);
                if (nv != null) {
                    out.add(nv);
                }
            }
            headers.remove(Headers.SET_COOKIE);
            headers.addAll(Headers.SET_COOKIE, out);
        }
        boolean clientHadValid = r.cookieServer() == s;
        String cookie = sticky.insertCookie(s, clientHadValid, r.cookieFirstSeen(), System.currentTimeMillis());
        if (cookie != null) {
            headers.add(Headers.SET_COOKIE, cookie);
        }
        boolean cookieAdded = cookie != null
                || (sticky.config().mode() != CookieConfig.Mode.INSERT && set != null && !set.isEmpty());
        if (cookieAdded && sticky.config().nocache()) {
            HeaderValues cc = headers.get(Headers.CACHE_CONTROL);
            if (StickyCookie.sharedCacheable(cc == null ? List.of() : cc)) {
                headers.add(Headers.CACHE_CONTROL, "private");
            }
        }
    }

    /** Stops the connection pools. */
    public void close() {
        client.close();
    }

    /* Picks a primary server by the balancer, else the first usable backup, skipping tried ones. */
    private ServerState choose(HttpServerExchange exchange, Routing r) {
        ExchangeRequestView view = new ExchangeRequestView(exchange);
        List<ServerState> tried = r.tried();
        ServerState s = balancer.pick(view, tried.isEmpty() ? ServerState::balanceable
                : x -> x.balanceable() && !tried.contains(x));
        if (s == null) {
            for (ServerState b : backups) {
                if (b.balanceable() && !tried.contains(b)) {
                    return b;
                }
            }
            if (!tried.isEmpty()) {
                // every other server is unusable: going back to one already tried beats a 503
                s = balancer.pick(view, ServerState::balanceable);
                if (s == null) {
                    for (ServerState b : backups) {
                        if (b.balanceable()) {
                            return b;
                        }
                    }
                }
            }
        }
        return s;
    }
}
