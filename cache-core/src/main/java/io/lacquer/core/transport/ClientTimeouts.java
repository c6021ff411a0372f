package io.lacquer.core.transport;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import org.xnio.conduits.StreamSinkConduit;

/**
 * varnishd's client timeouts on one exchange: {@code timeout_idle} under a request body,
 * {@code idle_send_timeout} and {@code send_timeout} under the response. The parameters are read
 * for each request, so a {@code param.set} applies from the next one.
 */
final class ClientTimeouts {
    private final Params params;
    /** The response wrapper of the current send timeouts, made again only when they change; null before the first. */
    private volatile SendTimeouts sendTimeouts;

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
            exchange.addResponseWrapper(sendTimeoutWrapper(idleSend, params.millis(Param.SEND_TIMEOUT)));
        }
    }

    private ConduitWrapper<StreamSinkConduit> sendTimeoutWrapper(long idleMillis, long totalMillis) {
        SendTimeouts s = sendTimeouts;
        if (s == null || s.idleMillis != idleMillis || s.totalMillis != totalMillis) {
            s = new SendTimeouts(idleMillis, totalMillis, SendTimeoutConduit.wrapper(idleMillis, totalMillis));
            sendTimeouts = s;
        }
        return s.wrapper;
    }

    private record SendTimeouts(long idleMillis, long totalMillis, ConduitWrapper<StreamSinkConduit> wrapper) {
    }
}
