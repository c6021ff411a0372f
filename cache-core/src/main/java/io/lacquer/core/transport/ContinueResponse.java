package io.lacquer.core.transport;

import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http.HttpContinue;

import java.io.IOException;

/**
 * {@code Expect: 100-continue}: a client that asked for it waits for the interim response before
 * it sends its body, so the node sends it as it starts to read the body, as varnishd does.
 */
public final class ContinueResponse {
    private ContinueResponse() {
    }

    /** Sends {@code 100 Continue} if the client asked for it and has not had it yet; blocking. */
    public static void sendIfExpected(HttpServerExchange exchange) {
        if (HttpContinue.requiresContinueResponse(exchange)) {
            try {
                HttpContinue.sendContinueResponseBlocking(exchange);
            } catch (IOException e) {
                // the client is gone: reading its body fails next
            }
        }
    }
}
