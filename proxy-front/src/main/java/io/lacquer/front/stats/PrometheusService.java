package io.lacquer.front.stats;

import io.lacquer.front.route.ErrorPage;
import io.lacquer.front.route.FrontHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * The {@code prometheus-exporter} service of {@code http-request use-service}; local host only,
 * like the stats page.
 */
public final class PrometheusService implements FrontHandler.LocalService {
    private final PrometheusStatsRenderer renderer;

    /** Serves the metrics of a renderer. */
    public PrometheusService(PrometheusStatsRenderer renderer) {
        this.renderer = renderer;
    }

    @Override
    public boolean matches(HttpServerExchange exchange) {
        return true;
    }

    @Override
    public void handle(HttpServerExchange exchange) {
        if (!StatsHandler.local(exchange)) {
            ErrorPage.FORBIDDEN.send(exchange);
            return;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, PrometheusStatsRenderer.CONTENT_TYPE);
        exchange.getResponseSender().send(renderer.scrape());
    }
}
