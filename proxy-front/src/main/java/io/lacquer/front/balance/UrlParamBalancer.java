package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.function.Predicate;

/**
 * {@code balance url_param <name>}: a hash of a query-string parameter's value; round robin when
 * the parameter is missing.
 */
final class UrlParamBalancer implements Balancer {
    private final String param;
    private final HashSelector selector;
    private final Balancer fallback;

    UrlParamBalancer(String param, HashSelector selector, Balancer fallback) {
        this.param = param;
        this.selector = selector;
        this.fallback = fallback;
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        String v = request.urlParam(param);
        return v == null || v.isEmpty() ? fallback.pick(request, eligible) : selector.select(v, eligible);
    }
}
