package io.lacquer.core.backend;

import io.lacquer.core.http.HeaderFields;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One HTTP/1.1 connection to a backend, used by one fetch at a time with blocking I/O. A fetch
 * sends its request, reads the head, reads the body, then {@link #release releases} the
 * connection to the pool if the exchange left it reusable.
 */
public final class BackendConnection implements Closeable {
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ConnectionPool pool;
    private final boolean reused;
    private final java.util.concurrent.atomic.AtomicBoolean closed;
    private long idleSince;

    BackendConnection(Socket socket, ConnectionPool pool, boolean reused) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = new BufferedOutputStream(socket.getOutputStream(), 8 * 1024);
        this.pool = pool;
        this.reused = reused;
        this.closed = new java.util.concurrent.atomic.AtomicBoolean();
    }

    private BackendConnection(BackendConnection idle) {
        this.socket = idle.socket;
        this.in = idle.in;
        this.out = idle.out;
        this.pool = idle.pool;
        this.reused = true;
        this.closed = idle.closed;
    }

    /** This connection, marked as taken again from the pool. */
    BackendConnection reuse() {
        return new BackendConnection(this);
    }

    /** Whether the connection served an earlier request (so a failure may just be a stale connection). */
    public boolean isReused() {
        return reused;
    }

    long idleSince() {
        return idleSince;
    }

    boolean isOpen() {
        return !socket.isClosed() && !socket.isInputShutdown();
    }

    /**
     * Whether nothing waits to be read. Bytes after a complete response (a 204 that carried a
     * body, say) would be taken for the start of the next response.
     */
    boolean nothingUnread() {
        try {
            return in.available() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends the request line and header section; {@code headers} must already be hop-by-hop clean. */
    public void sendHead(String method, String target, HeaderFields headers) throws IOException {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        headers.forEach((n, v) -> sb.append(n).append(": ").append(v).append("\r\n"));
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends a body of known length from {@code body}, then flushes. */
    public void sendBody(InputStream body, long length) throws IOException {
        byte[] buf = new byte[16 * 1024];
        long left = length;
        while (left > 0) {
            int n = body.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new IOException("client request body ended " + left + " bytes early");
            }
            out.write(buf, 0, n);
            left -= n;
        }
        out.flush();
    }

    /** Sends {@code body} chunked until it ends, then flushes. */
    public void sendChunked(InputStream body) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = body.read(buf)) >= 0) {
            if (n > 0) {
                out.write(Integer.toHexString(n).getBytes(StandardCharsets.US_ASCII));
                out.write(CRLF);
                out.write(buf, 0, n);
                out.write(CRLF);
            }
        }
        out.write(new byte[] {'0', '\r', '\n', '\r', '\n'});
        out.flush();
    }

    /** Flushes a request that has no body. */
    public void flush() throws IOException {
        out.flush();
    }

    /**
     * Reads the final response head, waiting at most {@code firstByteMillis} for it; interim 1xx
     * responses are skipped. Afterwards reads wait at most {@code betweenBytesMillis} each.
     */
    public ResponseHead readHead(int firstByteMillis, int betweenBytesMillis, int maxBytes, int maxFields)
            throws IOException {
        socket.setSoTimeout(firstByteMillis);
        ResponseHead head;
        do {
            head = ResponseParser.read(in, maxBytes, maxFields);
        } while (head.isInterim());
        socket.setSoTimeout(betweenBytesMillis);
        return head;
    }

    /**
     * The reader for the body that follows {@code head}, framed per RFC 9112 §6.3; throws
     * {@link BackendProtocolException} for framing a cache cannot trust.
     */
    public BodyReader body(ResponseHead head, String requestMethod) throws IOException {
        int s = head.status();
        if ("HEAD".equals(requestMethod) || s == 204 || s == 304) {
            return new BodyReader(in, BodyReader.Framing.NONE, 0);
        }
        String te = head.headers().joined("Transfer-Encoding");
        if (te != null) {
            if (!te.trim().equalsIgnoreCase("chunked")) {
                throw new BackendProtocolException("unsupported Transfer-Encoding: " + te);
            }
            return new BodyReader(in, BodyReader.Framing.CHUNKED, 0);
        }
        java.util.List<String> lengths = head.headers().getAll("Content-Length");
        if (!lengths.isEmpty()) {
            long length = -1;
            for (String field : lengths) {
                for (String v : field.split(",")) {
                    long n = parseLength(v.trim());
                    if (length >= 0 && n != length) {
                        throw new BackendProtocolException("conflicting Content-Length values: " + lengths);
                    }
                    length = n;
                }
            }
            return new BodyReader(in, BodyReader.Framing.LENGTH, length);
        }
        return new BodyReader(in, BodyReader.Framing.CLOSE, -1);
    }

    /** Whether, after a complete body, the connection may carry another request. */
    public static boolean keepsAlive(ResponseHead head, BodyReader body) {
        if (body.framing() == BodyReader.Framing.CLOSE || !body.isDone()) {
            return false;
        }
        String connection = head.headers().joined("Connection");
        String c = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
        if (head.proto().equals("HTTP/1.0")) {
            return c.contains("keep-alive");
        }
        return !c.contains("close");
    }

    /** Gives the connection back to the pool when {@code reusable}, else closes it. */
    public void release(boolean reusable) {
        if (reusable && isOpen() && nothingUnread()) {
            idleSince = System.nanoTime();
            pool.recycle(this);
        } else {
            close();
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a socket that failed is best effort; nothing waits on it
        } finally {
            pool.closed();
        }
    }

    private static long parseLength(String v) throws BackendProtocolException {
        if (v.isEmpty() || v.length() > 18) {
            throw new BackendProtocolException("invalid Content-Length: " + v);
        }
        long n = 0;
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw new BackendProtocolException("invalid Content-Length: " + v);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
