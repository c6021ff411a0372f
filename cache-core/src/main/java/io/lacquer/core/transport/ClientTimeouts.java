package io.lacquer.core.transport;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;

/**
 * varnishd's client timeouts on one exchange: {@code timeout_idle} under a request body (or
 * {@code pipe_timeout}, once the request is piped), {@code idle_send_timeout} and
 * {@code send_timeout} under the response. The parameters are read for each request, so a
 * {@code param.set} applies from the next one.
 */
final class ClientTimeouts {
    /** The body's timeout in milliseconds when not {@code timeout_idle}; 0 for none. */
    private static final AttachmentKey<Long> BODY_TIMEOUT = AttachmentKey.create(Long.class);
    private final Params params;

    ClientTimeouts(Params params) {
        this.params = params;
    }

    /** Puts the timeouts under the exchange's request body and response, before either is used. */
    void apply(HttpServerExchange exchange) {
        if (!exchange.isRequestComplete()) {
            long idle = params.millis(Param.TIMEOUT_IDLE);
            exchange.addRequestWrapper((factory, ex) -> {
                // decided when the body is first read, by then the request may be piped
                Long other = ex.getAttachment(BODY_TIMEOUT);
                long millis = other != null ? other : idle;
                return millis > 0 ? new RequestBodyTimeoutConduit(factory.create(), ex, millis) : factory.create();
            });
        }
        long idleSend = params.millis(Param.IDLE_SEND_TIMEOUT);
        if (idleSend > 0) {
            exchange.addResponseWrapper(SendTimeoutConduit.wrapper(idleSend, params.millis(Param.SEND_TIMEOUT)));
        }
    }

    /**
     * Bounds the request body by {@code millis} instead of {@code timeout_idle} (0: no bound);
     * effective when called before the body is first read.
     */
    static void bodyTimeout(HttpServerExchange exchange, long millis) {
        exchange.putAttachment(BODY_TIMEOUT, millis);
    }
}
