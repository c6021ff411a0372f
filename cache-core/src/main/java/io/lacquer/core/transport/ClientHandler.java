package io.lacquer.core.transport;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.fsm.RequestFsm;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.stats.Counters;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.ResponseCommitListener;
import io.undertow.util.HeaderValues;
import io.undertow.util.Headers;
import io.undertow.util.Protocols;

/**
 * Undertow's entry into the cache: checks the request against {@code http_req_size}, its body
 * framing and its expectation, then hands it to the request state machine. A refused request
 * closes the connection and counts in {@code client_req_400} or {@code client_req_417}. An
 * accepted one gets varnishd's client timeouts ({@link ClientTimeouts}).
 *
 * <p>Undertow itself answers 400 to a request over its own header limit; it is set far above
 * {@code http_req_size} ({@link #PARSER_LIMIT}) so that a request over ours gets the 431 of
 * RFC 6585 instead, and only absurd ones reach Undertow's.
 */
public final class ClientHandler implements HttpHandler {
    /** The header size Undertow's parser accepts at most, in bytes. */
    public static final int PARSER_LIMIT = 1 << 20;

    /*
     * Undertow writes Connection: keep-alive on every kept-alive response or on none, and the node
     * chooses none, as varnishd for HTTP/1.1; an HTTP/1.0 client keeps its connection only when told.
     */
    private static final ResponseCommitListener KEEP_ALIVE_FOR_HTTP10 = exchange -> {
        if (exchange.isPersistent()) {
            exchange.getResponseHeaders().put(Headers.CONNECTION, Headers.KEEP_ALIVE.toString());
        }
    };

    private final RequestFsm fsm;
    private final Params params;
    private final Counters counters;
    private final ClientTimeouts timeouts;

    /** A handler feeding {@code fsm}. */
    public ClientHandler(RequestFsm fsm, Params params, Counters counters) {
        this.fsm = fsm;
        this.params = params;
        this.counters = counters;
        this.timeouts = new ClientTimeouts(params);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) {
        if (headerSize(exchange) > params.intValue(Param.HTTP_REQ_SIZE)) {
            refuse(exchange, 431, "Request header fields too large", Counter.CLIENT_REQ_400);
            return;
        }
        HeaderValues te = exchange.getRequestHeaders().get(Headers.TRANSFER_ENCODING);
        if (te != null && !(te.size() == 1 && te.getFirst().trim().equalsIgnoreCase("chunked"))) {
            // as varnishd: chunked is the only transfer coding it reads, so the body's end is unknown
            refuse(exchange, 400, "Bad Request", Counter.CLIENT_REQ_400);
            return;
        }
        String expect = exchange.getRequestHeaders().getFirst(Headers.EXPECT);
        if (expect != null && !expect.equalsIgnoreCase("100-continue")) {
            // as varnishd: an expectation it cannot meet
            refuse(exchange, 417, "Expectation Failed", Counter.CLIENT_REQ_417);
            return;
        }
        timeouts.apply(exchange);
        if (exchange.isPersistent() && exchange.getProtocol().equals(Protocols.HTTP_1_0)) {
            exchange.addResponseCommitListener(KEEP_ALIVE_FOR_HTTP10);
        }
        fsm.start(exchange);
    }

    /* Answers the request and closes the connection, since what follows on it cannot be trusted. */
    private void refuse(HttpServerExchange exchange, int status, String text, Counter counter) {
        counters.inc(counter);
        exchange.setStatusCode(status);
        exchange.setPersistent(false);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseSender().send(text + "\n");
    }

    /** The size of the request line and header section as received (RFC 9112 §2.1). */
    private static int headerSize(HttpServerExchange exchange) {
        int size = exchange.getRequestMethod().length() + exchange.getRequestURI().length()
                + exchange.getQueryString().length() + exchange.getProtocol().length() + 5;
        for (HeaderValues values : exchange.getRequestHeaders()) {
            int name = values.getHeaderName().length() + 4;
            for (int i = 0; i < values.size(); i++) {
                size += name + values.get(i).length();
            }
        }
        return size;
    }

    @Override
    public String toString() {
        return "lacquer-cache";
    }
}
