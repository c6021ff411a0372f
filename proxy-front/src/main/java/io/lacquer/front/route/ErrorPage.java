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
    /** For {@code deny_status 404}, as the pages below up to 501 that HAProxy keeps for it. */
    NOT_FOUND(404, "Not Found", "The resource could not be found."),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed",
            "A request was made of a resource using a request method not supported by that resource"),
    PROXY_UNAUTHORIZED(407, "Unauthorized", "You need a valid user and password to access this content."),
    /** Request head not received in time. */
    REQUEST_TIMEOUT(408, "Request Time-out", "Your browser didn't send a complete request in time."),
    GONE(410, "Gone", "The resource is no longer available and will not be available again."),
    PAYLOAD_TOO_LARGE(413, "Payload Too Large", "The request entity exceeds the maximum allowed."),
    MISDIRECTED_REQUEST(421, "Misdirected Request", "Request sent to a non-authoritative server."),
    /** A request body in another transfer coding before chunked. */
    UNPROCESSABLE(422, "Unprocessable Content", "The server cannot process the contained instructions."),
    TOO_EARLY(425, "Too Early", "Your browser sent early data."),
    TOO_MANY_REQUESTS(429, "Too Many Requests", "You have sent too many requests in a given amount of time."),
    INTERNAL_SERVER_ERROR(500, "Internal Server Error", "An internal server error occurred."),
    /** The leading dot is HAProxy's. */
    NOT_IMPLEMENTED(501, "Not Implemented",
            ".The server does not support the functionality required to fulfill the request."),
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
        if (status == 400 || status == 408) {
            // what the client sends next cannot be trusted: HAProxy closes after these two
            exchange.setPersistent(false);
        }
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
