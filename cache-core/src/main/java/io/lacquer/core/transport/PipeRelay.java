package io.lacquer.core.transport;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.BackendConnection;
import io.lacquer.core.backend.BodyReader;
import io.lacquer.core.backend.ResponseHead;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.http.HeaderList;
import io.lacquer.core.http.HopByHop;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HttpString;
import org.slf4j.Logger;
import org.xnio.IoUtils;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * {@code return(pipe)}: the request goes to the backend as it came, with {@code Connection:
 * close}, and the backend's answer goes back unexamined; then the client connection is closed.
 * The relay works at the HTTP message level, so a protocol upgrade (WebSocket) is not tunnelled.
 * As in varnishd, {@code pipe_timeout} bounds each wait for the backend and for the client's
 * request body, and a pipe that breaks once the request is on its way closes the client's
 * connection without an answer.
 */
public final class PipeRelay {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.core.pipe");

    private PipeRelay() {
    }

    /**
     * Relays the request on a worker thread (blocking). Returns false, having sent nothing, when the
     * backend could not be reached; the caller then sends a 503.
     */
    public static boolean relay(HttpServerExchange exchange, Backend backend, String url, long xid, Params params) {
        if (backend == null) {
            return false;
        }
        HeaderList fields = new HeaderList();
        exchange.getRequestHeaders().forEach(values -> {
            String name = values.getHeaderName().toString();
            if (!HopByHop.isHopByHop(name) && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> fields.add(name, v));
            }
        });
        fields.set("X-Varnish", Long.toString(xid));
        fields.set("Connection", "close");
        long idle = params.millis(Param.PIPE_TIMEOUT);
        ClientTimeouts.bodyTimeout(exchange, idle);
        exchange.startBlocking();
        BackendConnection connection;
        try {
            // a piped request is sent once, with whatever body follows: on a new connection
            connection = backend.connectNew(backend.connectTimeoutMillis());
        } catch (IOException e) {
            LOG.info("{} pipe to {} failed: {}", xid, backend.name(), e.getMessage());
            return false;
        }
        ResponseHead head;
        BodyReader body;
        try {
            connection.sendHead(exchange.getRequestMethod().toString(), url, withFraming(fields, exchange));
            InputStream requestBody = exchange.getInputStream();
            long length = exchange.getRequestContentLength();
            if (length > 0) {
                ContinueResponse.sendIfExpected(exchange);
                connection.sendBody(requestBody, length);
            } else if (exchange.getRequestHeaders().contains("Transfer-Encoding")) {
                ContinueResponse.sendIfExpected(exchange);
                connection.sendChunked(requestBody);
            } else {
                connection.flush();
            }
            int backendIdle = (int) Math.min(Integer.MAX_VALUE, idle);
            head = connection.readHead(backendIdle, backendIdle, params.intValue(Param.HTTP_RESP_SIZE),
                    params.intValue(Param.HTTP_MAX_HDR));
            body = connection.body(head, exchange.getRequestMethod().toString());
        } catch (IOException e) {
            // the request is on its way: what a byte pipe does now is close, as varnishd's does
            LOG.info("{} pipe to {} broke: {}", xid, backend.name(), e.getMessage());
            connection.close();
            IoUtils.safeClose(exchange.getConnection());
            return true;
        }
        exchange.setStatusCode(head.status());
        exchange.setReasonPhrase(head.reason());
        head.headers().forEach((n, v) -> {
            if (!HopByHop.isHopByHop(n) && !n.equalsIgnoreCase("Content-Length")) {
                exchange.getResponseHeaders().add(HttpString.tryFromString(n), v);
            }
        });
        if (body.knownLength() >= 0) {
            exchange.setResponseContentLength(body.knownLength());
        }
        exchange.setPersistent(false);
        try (OutputStream out = exchange.getOutputStream()) {
            byte[] buf = new byte[16 * 1024];
            int n;
            while ((n = body.read(buf, 0, buf.length)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (IOException e) {
            LOG.info("{} pipe to {} broke: {}", xid, backend.name(), e.getMessage());
            IoUtils.safeClose(exchange.getConnection());
        } finally {
            connection.close();
        }
        exchange.endExchange();
        return true;
    }

    private static HeaderList withFraming(HeaderList fields, HttpServerExchange exchange) {
        long length = exchange.getRequestContentLength();
        if (length > 0) {
            fields.set("Content-Length", Long.toString(length));
        } else if (exchange.getRequestHeaders().contains("Transfer-Encoding")) {
            fields.set("Transfer-Encoding", "chunked");
        }
        return fields;
    }
}
