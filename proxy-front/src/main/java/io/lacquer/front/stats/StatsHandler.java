package io.lacquer.front.stats;

import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.config.StatsConfig;
import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.route.ExchangeRequestView;
import io.lacquer.front.route.FrontHandler;
import io.lacquer.front.route.Topology;
import io.lacquer.front.route.BackendRuntime;
import io.lacquer.front.server.AdminState;
import io.lacquer.front.server.ServerState;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stats endpoint of one proxy: the HTML page, {@code ;csv}, and server actions by POST.
 *
 * <p>Only the local host may use it: any other source gets 403 whatever the configuration says.
 * With {@code stats auth} a valid user is required; actions further need {@code stats admin}'s
 * condition to hold and an authenticated user.
 */
public final class StatsHandler implements FrontHandler.LocalService {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.front.stats");
    /** The version shown on the page unless {@code stats hide-version}. */
    static final String VERSION = "0.1.0";
    private final StatsConfig config;
    private final Topology topology;
    private final StatsCollector collector;
    private final HtmlStatsRenderer html;
    private final List<String> credentials = new ArrayList<>();

    /** Creates the endpoint for a proxy's stats settings. */
    public StatsHandler(StatsConfig config, Topology topology, StatsCollector collector, HtmlStatsRenderer html) {
        this.config = config;
        this.topology = topology;
        this.collector = collector;
        this.html = html;
        for (String a : config.auth()) {
            credentials.add(Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /** Whether the request's source is the local host (a loopback address). */
    public static boolean local(HttpServerExchange exchange) {
        return exchange.getSourceAddress().getAddress().isLoopbackAddress();
    }

    @Override
    public boolean matches(HttpServerExchange exchange) {
        return fullUri(exchange).startsWith(config.uri());
    }

    private static String fullUri(HttpServerExchange exchange) {
        String q = exchange.getQueryString();
        return q == null || q.isEmpty() ? exchange.getRequestURI() : exchange.getRequestURI() + "?" + q;
    }

    @Override
    public void handle(HttpServerExchange exchange) {
        if (!local(exchange)) {
            ErrorPage.FORBIDDEN.send(exchange);
            return;
        }
        boolean authenticated = !credentials.isEmpty() && validAuth(exchange);
        if (!credentials.isEmpty() && !authenticated) {
            exchange.setStatusCode(401);
            exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic realm=\"" + config.realm() + "\"");
            ErrorPage.UNAUTHORIZED.send(exchange);
            return;
        }
        boolean admin = authenticated && config.admin() != null
                && config.admin().test(new ExchangeRequestView(exchange));
        String options = fullUri(exchange).substring(config.uri().length());
        if (exchange.getRequestMethod().equals(Methods.POST)) {
            if (!admin) {
                ErrorPage.FORBIDDEN.send(exchange);
                return;
            }
            exchange.getRequestReceiver().receiveFullString((ex, body) -> applyActions(ex, body),
                    StandardCharsets.UTF_8);
            return;
        }
        StatsSnapshot snap = collector.snapshot();
        if (options.contains(";csv")) {
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
            exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
            exchange.getResponseSender().send(CsvStatsRenderer.render(snap));
            return;
        }
        boolean refresh = config.refreshSeconds() > 0 && !options.contains(";norefresh");
        if (refresh) {
            exchange.getResponseHeaders().put(new io.undertow.util.HttpString("Refresh"),
                    Integer.toString(config.refreshSeconds()));
        }
        HtmlStatsRenderer.Page page = new HtmlStatsRenderer.Page(config.uri(), refresh ? config.refreshSeconds() : 0,
                admin, config.hideVersion() ? null : VERSION, options.contains(";st=DONE"));
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=utf-8");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseSender().send(html.render(snap, page));
    }

    private boolean validAuth(HttpServerExchange exchange) {
        String h = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String given = h.substring(6).trim();
        for (String c : credentials) {
            if (java.security.MessageDigest.isEqual(c.getBytes(StandardCharsets.US_ASCII),
                    given.getBytes(StandardCharsets.US_ASCII))) {
                return true;
            }
        }
        return false;
    }

    /*
     * form = b=<backend>&action=<ready|drain|maint|enable|disable>&s=<server>[&s=<server>...], the
     * backend by name or, as HAProxy's own page and scripts send it, as #<proxy id>. The answer
     * is HAProxy's: NONE with nothing to do, ERRP for an unknown backend, action or server, DONE.
     */
    private void applyActions(HttpServerExchange exchange, String body) {
        String backend = null;
        String action = null;
        List<String> servers = new ArrayList<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String k = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            switch (k) {
                case "b" -> backend = v;
                case "action" -> action = v;
                case "s" -> servers.add(v);
                default -> {
                }
            }
        }
        String result;
        if (backend == null || action == null || servers.isEmpty()) {
            result = "NONE";
        } else {
            AdminState state = AdminState.ofAction(action);
            BackendRuntime b = backendNamed(backend);
            result = state == null || b == null ? "ERRP" : apply(b, state, servers);
        }
        exchange.setStatusCode(303);
        exchange.getResponseHeaders().put(Headers.LOCATION, config.uri() + ";st=" + result);
        exchange.endExchange();
    }

    /* A backend by name, or by "#<proxy id>": its place among the proxies, counted from 1, as the CSV's iid. */
    private @Nullable BackendRuntime backendNamed(String backend) {
        if (!backend.startsWith("#")) {
            return topology.backend(backend);
        }
        List<ProxyConfig> proxies = topology.config().proxies();
        try {
            int iid = Integer.parseInt(backend.substring(1));
            return iid >= 1 && iid <= proxies.size() ? topology.backend(proxies.get(iid - 1).name()) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /* Sets the servers' admin state: DONE when all of them were found, else ERRP, as HAProxy says. */
    private String apply(BackendRuntime b, AdminState state, List<String> servers) {
        int found = 0;
        for (String name : servers) {
            ServerState s = b.servers().stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
            if (s == null) {
                continue;
            }
            found++;
            if (s.setAdmin(state)) {
                LOG.warn("Server {}/{} is {} (by administrator from the stats page).", b.config().name(), name,
                        switch (state) {
                            case READY -> "UP (leaving maintenance)";
                            case DRAIN -> "DRAIN";
                            case MAINT -> "going into maintenance";
                        });
            }
        }
        return found == servers.size() ? "DONE" : "ERRP";
    }
}
