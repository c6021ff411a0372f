package io.lacquer.front.route;

import io.lacquer.front.config.BackendRule;
import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.proxy.TransferCoding;
import io.lacquer.front.server.HttpCounters;
import io.undertow.server.DefaultResponseListener;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;

/**
 * The root handler of one frontend: monitor URI, stats, {@code http-request} rules, then the
 * {@code use_backend} choice and the hand-off to the backend. Runs on the I/O thread.
 */
public final class FrontHandler implements HttpHandler {
    /** Replaces an empty error response the HTTP layer produced with HAProxy's page for it. */
    private static final DefaultResponseListener ERROR_PAGES = exchange -> {
        ErrorPage page = ErrorPage.of(exchange.getStatusCode());
        if (page == null || exchange.isResponseStarted() || page == ErrorPage.MONITOR_OK) {
            return false;
        }
        page.writeBody(exchange);
        return true;
    };

    private final ProxyConfig config;
    private final Topology topology;
    private final HttpCounters counters;
    private final LocalService stats;
    private final LocalService prometheus;
    private final BackendRuntime ownBackend;
    private final RequestHeadTimeout headTimeout;
    private final boolean needsView;

    /**
     * Creates the handler of a frontend or listen section.
     *
     * @param stats answers the section's stats URI, or null when stats are off
     * @param prometheus answers {@code use-service prometheus-exporter}
     * @param headTimeout the {@code timeout http-request} timer, or null when none is set
     */
    public FrontHandler(ProxyConfig config, Topology topology, LocalService stats, LocalService prometheus,
            RequestHeadTimeout headTimeout) {
        this.config = config;
        this.topology = topology;
        this.counters = topology.frontendCounters(config.name());
        this.stats = stats;
        this.prometheus = prometheus;
        this.ownBackend = config.kind().hasBack() ? topology.backend(config.name()) : null;
        this.headTimeout = headTimeout;
        this.needsView = !config.httpRequestRules().isEmpty() || !config.backendRules().isEmpty();
    }

    /** A response the front produces itself (stats page, metrics). */
    public interface LocalService {
        /** Whether this request is for the service. */
        boolean matches(HttpServerExchange exchange);

        /** Answers the request. */
        void handle(HttpServerExchange exchange) throws Exception;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (headTimeout != null) {
            headTimeout.headReceived(exchange);
        }
        counters.begin();
        long in = exchange.getRequestContentLength();
        exchange.addExchangeCompleteListener((ex, next) -> {
            counters.end();
            counters.response(ex.getStatusCode(), Math.max(0, in), ex.getResponseBytesSent());
            next.proceed();
        });
        exchange.addDefaultResponseListener(ERROR_PAGES);
        HeaderValues te = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (te != null) {
            TransferCoding coding = TransferCoding.of(te);
            if (coding != TransferCoding.CHUNKED) {
                // HAProxy's answers; what follows on the connection cannot be told from the body: close it
                exchange.setPersistent(false);
                (coding == TransferCoding.OTHER_CODINGS ? ErrorPage.UNPROCESSABLE : ErrorPage.BAD_REQUEST).send(exchange);
                return;
            }
        }
        String monitor = config.monitorUri();
        if (monitor != null && monitor.equals(exchange.getRequestURI())) {
            ErrorPage.MONITOR_OK.send(exchange);
            return;
        }
        if (stats != null && stats.matches(exchange)) {
            stats.handle(exchange);
            return;
        }
        ExchangeRequestView view = needsView ? new ExchangeRequestView(exchange) : null;
        if (!config.httpRequestRules().isEmpty()
                && RequestRules.apply(config.httpRequestRules(), exchange, view, counters, prometheus)) {
            return;
        }
        BackendRuntime backend = null;
        for (BackendRule rule : config.backendRules()) {
            if (rule.condition().test(view)) {
                backend = topology.backend(rule.backend());
                break;
            }
        }
        if (backend == null && config.defaultBackend() != null) {
            backend = topology.backend(config.defaultBackend());
        }
        if (backend == null) {
            backend = ownBackend;
        }
        if (backend == null) {
            ErrorPage.SERVICE_UNAVAILABLE.send(exchange);
            return;
        }
        HopByHopHeaders.strip(exchange.getRequestHeaders());
        backend.handle(exchange, config.forwardFor(), config.timeouts().client());
    }
}
