package io.lacquer.core.fsm;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;

/**
 * A client request as it arrived: method, URL and header fields before any policy touched them
 * (varnishd's {@code req->http0}). {@code return(vcl(label))} puts the request back this way
 * ({@code Req_Rollback}) before the labelled policy's vcl_recv sees it. Immutable.
 */
final class Arrival {
    private final HttpString method;
    private final String uri;
    private final String query;
    private final HeaderMap fields;

    private Arrival(HttpString method, String uri, String query, HeaderMap fields) {
        this.method = method;
        this.uri = uri;
        this.query = query;
        this.fields = fields;
    }

    /** A copy of {@code exchange}'s request as it is now. */
    static Arrival of(HttpServerExchange exchange) {
        HeaderMap copy = new HeaderMap();
        for (HeaderValues values : exchange.getRequestHeaders()) {
            copy.addAll(values.getHeaderName(), values);
        }
        return new Arrival(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getQueryString(), copy);
    }

    /** Puts {@code exchange}'s request back as it arrived. */
    void restore(HttpServerExchange exchange) {
        exchange.setRequestMethod(method);
        exchange.setRequestURI(uri);
        exchange.setQueryString(query);
        HeaderMap headers = exchange.getRequestHeaders();
        headers.clear();
        for (HeaderValues values : fields) {
            headers.addAll(values.getHeaderName(), values);
        }
    }
}
