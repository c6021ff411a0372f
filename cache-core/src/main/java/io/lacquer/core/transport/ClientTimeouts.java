package io.lacquer.core.transport;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.undertow.server.HttpServerExchange;

/**
 * varnishd's client timeouts on one exchange: {@code timeout_idle} under a request body,
 * {@code idle_send_timeout} and {@code send_timeout} under the response. The parameters are read
 * for each request, so a {@code param.set} applies from the next one.
 */
final class ClientTimeouts {
    private final Params params;

    ClientTimeouts(Params params) {
        this.params = params;
    }

    /** Puts the timeouts under the exchange's request body and response, before either is used. */
    void apply(HttpServerExchange exchange) {
        long idle = params.millis(Param.TIMEOUT_IDLE);
        if (idle > 0 && !exchange.isRequestComplete()) {
            exchange.addRequestWrapper(RequestBodyTimeoutConduit.wrapper(idle));
        }
        long idleSend = params.millis(Param.IDLE_SEND_TIMEOUT);
        if (idleSend > 0) {
            exchange.addResponseWrapper(SendTimeoutConduit.wrapper(idleSend, params.millis(Param.SEND_TIMEOUT)));
        }
    }
}
