package io.lacquer.front.route;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.sticky.CookieHeader;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RequestView} over an Undertow exchange; reads the live request, so header rules that
 * ran before are seen.
 */
public final class ExchangeRequestView implements RequestView {
    private final HttpServerExchange exchange;

    /** Wraps an exchange. */
    public ExchangeRequestView(HttpServerExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toString();
    }

    @Override
    public String path() {
        String uri = exchange.getRequestURI();
        if (exchange.isHostIncludedInRequestURI()) {
            int scheme = uri.indexOf("//");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 2);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return uri;
    }

    @Override
    public String query() {
        return exchange.getQueryString();
    }

    @Override
    public String uri() {
        String q = exchange.getQueryString();
        String p = exchange.getRequestURI();
        return q == null || q.isEmpty() ? p : p + "?" + q;
    }

    @Override
    public String protocol() {
        return exchange.getProtocol().toString();
    }

    @Override
    public List<String> headerValues(String name) {
        HeaderValues values = exchange.getRequestHeaders().get(name);
        if (values == null || values.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(values.size());
        for (String v : values) {
            if (v.indexOf(',') < 0) {
                out.add(v.trim());
            } else {
                for (String part : v.split(",")) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    @Override
    public InetAddress source() {
        return exchange.getSourceAddress().getAddress();
    }

    @Override
    public String cookie(String name) {
        return CookieHeader.find(exchange.getRequestHeaders().get(Headers.COOKIE), name);
    }
}
