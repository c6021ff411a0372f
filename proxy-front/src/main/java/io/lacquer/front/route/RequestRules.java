package io.lacquer.front.route;

import io.lacquer.front.config.HttpRequestRule;
import io.lacquer.front.server.HttpCounters;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Applies a section's {@code http-request} rules to a request, in order.
 */
final class RequestRules {
    private RequestRules() {
    }

    /**
     * Runs the rules; returns true when one of them answered the request (deny, use-service), in
     * which case nothing else may touch the exchange.
     *
     * @param prometheus the service {@code use-service prometheus-exporter} names; null where the
     *     parser does not allow that action (backends)
     */
    static boolean apply(List<HttpRequestRule> rules, HttpServerExchange exchange, ExchangeRequestView view,
            HttpCounters counters, FrontHandler.@Nullable LocalService prometheus) throws Exception {
        for (HttpRequestRule rule : rules) {
            if (!rule.condition().test(view)) {
                continue;
            }
            switch (rule.action()) {
                case DENY -> {
                    counters.deny();
                    ErrorPage.of(rule.denyStatus()).send(exchange);
                    return true;
                }
                case SET_HEADER -> exchange.getRequestHeaders().put(new HttpString(rule.name()),
                        rule.value(exchange.getSourceAddress().getAddress()));
                case ADD_HEADER -> exchange.getRequestHeaders().add(new HttpString(rule.name()),
                        rule.value(exchange.getSourceAddress().getAddress()));
                case DEL_HEADER -> exchange.getRequestHeaders().remove(rule.name());
                case USE_SERVICE -> {
                    if (prometheus == null) {
                        throw new IllegalStateException("http-request use-service reached a backend");
                    }
                    prometheus.handle(exchange);
                    return true;
                }
            }
        }
        return false;
    }
}
