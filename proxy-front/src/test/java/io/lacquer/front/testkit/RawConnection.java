package io.lacquer.front.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One client connection speaking HTTP/1.1 by hand, for what a full client hides: whether a
 * connection stays open after an answer, and what arrived before a connection was cut.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;

    /** Connects to a loopback port; reads wait at most {@code timeoutMillis}. */
    public RawConnection(int port, int timeoutMillis) {
        try {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(timeoutMillis);
            in = socket.getInputStream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends a GET of {@code path} on this connection. */
    public RawConnection get(String path) {
        return send("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n");
    }

    /** Sends {@code text} (ISO-8859-1) as it is. */
    public RawConnection send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Sends {@code text} in pieces of {@code size} characters, {@code gapMillis} apart, as a slow
     * client would; stops early once the peer has answered (writing on would get the connection
     * reset, and the answer with it).
     */
    public RawConnection trickle(String text, int size, long gapMillis) {
        try {
            for (int i = 0; i < text.length(); i += size) {
                if (i > 0) {
                    Thread.sleep(gapMillis);
                }
                if (in.available() > 0) {
                    break;
                }
                send(text.substring(i, Math.min(text.length(), i + size)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** Sends {@code bytes} as they are. */
    public RawConnection send(byte[] bytes) {
        try {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** What the peer sends, for a caller that reads responses its own way. */
    public InputStream input() {
        return in;
    }

    /** Reads one response with a {@code Content-Length} body: head and body as text. */
    public String response() {
        StringBuilder head = new StringBuilder();
        try {
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    throw new IllegalStateException("connection closed after: " + head);
                }
                head.append((char) c);
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads until the peer closes; fails if it is still open after the read timeout. */
    public String untilClosed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("still open; received so far: " + out.toString(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            // a reset ends the connection too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
