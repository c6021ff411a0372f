package io.lacquer.front.proxy;

import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.HeaderValues;
import io.undertow.util.HttpString;
import java.nio.ByteBuffer;

/**
 * Writes the head of the request that goes to a server: the request line in origin form with
 * HTTP/1.1, then the request's header fields as they stand after routing and rules.
 */
final class RequestHeadWriter {
    private static final byte[] VERSION = " HTTP/1.1\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private RequestHeadWriter() {
    }

    /**
     * Writes the head into {@code buf}.
     *
     * @throws java.nio.BufferOverflowException when the head does not fit
     */
    static void write(HttpServerExchange exchange, ByteBuffer buf) {
        exchange.getRequestMethod().appendTo(buf);
        buf.put((byte) ' ');
        String uri = exchange.getRequestURI();
        int from = 0;
        if (exchange.isHostIncludedInRequestURI()) {
            // an absolute URI loses its scheme and authority
            int scheme = uri.indexOf("//");
            int slash = scheme < 0 ? -1 : uri.indexOf('/', scheme + 2);
            from = slash < 0 ? 0 : slash;
        }
        latin1(uri, from, buf);
        String query = exchange.getQueryString();
        if (!query.isEmpty()) {
            buf.put((byte) '?');
            latin1(query, 0, buf);
        }
        buf.put(VERSION);
        fields(exchange.getRequestHeaders(), buf);
        buf.put((byte) '\r').put((byte) '\n');
    }

    /**
     * Writes header fields, a {@code name: value} line each (the request's headers, or a chunked
     * body's trailers), without the empty line that ends them.
     *
     * @throws java.nio.BufferOverflowException when they do not fit
     */
    static void fields(HeaderMap headers, ByteBuffer buf) {
        for (long f = headers.fastIterateNonEmpty(); f != -1L; f = headers.fiNextNonEmpty(f)) {
            HeaderValues values = headers.fiCurrent(f);
            HttpString name = values.getHeaderName();
            for (int i = 0; i < values.size(); i++) {
                name.appendTo(buf);
                buf.put((byte) ':').put((byte) ' ');
                latin1(values.get(i), 0, buf);
                buf.put((byte) '\r').put((byte) '\n');
            }
        }
    }

    /* The request's strings come from ISO-8859-1 bytes, and go back as such. */
    private static void latin1(String s, int from, ByteBuffer buf) {
        for (int i = from; i < s.length(); i++) {
            buf.put((byte) s.charAt(i));
        }
    }
}
