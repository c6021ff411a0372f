package io.lacquer.front.route;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The responses the front produces itself, with HAProxy's status lines and bodies.
 */
public enum ErrorPage {
    /** {@code monitor-uri}: the front is ready. */
    MONITOR_OK(200, "OK", "Service ready."),
    /** Malformed request. */
    BAD_REQUEST(400, "Bad request", "Your browser sent an invalid request."),
    /** Stats authentication needed. */
    UNAUTHORIZED(401, "Unauthorized", "You need a valid user and password to access this content."),
    /** Denied by a rule, or stats from a remote host. */
    FORBIDDEN(403, "Forbidden", "Request forbidden by administrative rules."),
    /** Request head not received in time. */
    REQUEST_TIMEOUT(408, "Request Time-out", "Your browser didn't send a complete request in time."),
    /** A request body in another transfer coding before chunked. */
    UNPROCESSABLE(422, "Unprocessable Content", "The server cannot process the contained instructions."),
    /** The server's response was invalid or cut short. */
    BAD_GATEWAY(502, "Bad Gateway", "The server returned an invalid or incomplete response."),
    /** No usable server, or the queue timed out. */
    SERVICE_UNAVAILABLE(503, "Service Unavailable", "No server is available to handle this request."),
    /** The server did not answer in time. */
    GATEWAY_TIMEOUT(504, "Gateway Time-out", "The server didn't respond in time.");

    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.front.route");
    private final int status;
    private final String reason;
    private final String body;
    private final byte[] bytes;

    ErrorPage(int status, String reason, String text) {
        this.status = status;
        this.reason = reason;
        this.body = "<html><body><h1>" + status + " " + reason + "</h1>\n" + text + "\n</body></html>\n";
        this.bytes = body.getBytes(StandardCharsets.US_ASCII);
    }

    /** The HTTP status code. */
    public int status() {
        return status;
    }

    /** The HTML body. */
    public String body() {
        return body;
    }

    /** Returns the page for a status, or null. */
    public static @Nullable ErrorPage of(int status) {
        for (ErrorPage p : values()) {
            if (p.status == status) {
                return p;
            }
        }
        return null;
    }

    /** Sends the page and ends the exchange; does nothing if a response has started. */
    public void send(HttpServerExchange exchange) {
        if (exchange.isResponseStarted()) {
            exchange.endExchange();
            return;
        }
        exchange.setStatusCode(status);
        writeBody(exchange);
    }

    /** Writes the body and headers for the status already set on the exchange. */
    void writeBody(HttpServerExchange exchange) {
        if (status >= 500) {
            // one line per failed request; the rest of the story is in the stats counters
            LOG.warn("{} {} from {}: {} {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                    exchange.getSourceAddress().getAddress().getHostAddress(), status, reason);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html");
        exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, bytes.length);
        exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
    }
}
