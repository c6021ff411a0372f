package io.lacquer.core.backend;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a response body as its framing says (RFC 9112 §6.3): a fixed length, chunked (with
 * trailers discarded), or everything until the connection closes. {@link #read} returns decoded
 * body bytes.
 */
public final class BodyReader {
    /** How the end of a body is found. */
    public enum Framing { NONE, LENGTH, CHUNKED, CLOSE }

    private final InputStream in;
    private final Framing framing;
    private long remaining;
    private boolean done;

    BodyReader(InputStream in, Framing framing, long length) {
        this.in = in;
        this.framing = framing;
        this.remaining = length;
        this.done = framing == Framing.NONE || (framing == Framing.LENGTH && length == 0);
    }

    /** The framing. */
    public Framing framing() {
        return framing;
    }

    /** The body length when known in advance, else -1. */
    public long knownLength() {
        return switch (framing) {
            case NONE -> 0;
            case LENGTH -> remaining;
            default -> -1;
        };
    }

    /** Whether the whole body has been read. */
    public boolean isDone() {
        return done;
    }

    /**
     * Reads up to {@code len} body bytes into {@code buf}; returns the count, or -1 at the end.
     * Throws on a connection closed early or a malformed chunk.
     */
    public int read(byte[] buf, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        switch (framing) {
            case LENGTH -> {
                int n = in.read(buf, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new BackendProtocolException("backend closed the connection " + remaining + " bytes short of Content-Length");
                }
                remaining -= n;
                done = remaining == 0;
                return n;
            }
            case CLOSE -> {
                int n = in.read(buf, off, len);
                if (n < 0) {
                    done = true;
                }
                return n;
            }
            case CHUNKED -> {
                if (remaining == 0) {
                    remaining = chunkSize();
                    if (remaining == 0) {
                        skipTrailers();
                        done = true;
                        return -1;
                    }
                }
                int n = in.read(buf, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new BackendProtocolException("backend closed the connection inside a chunk");
                }
                remaining -= n;
                if (remaining == 0) {
                    crlf();
                }
                return n;
            }
            default -> {
                done = true;
                return -1;
            }
        }
    }

    /**
     * For a chunked body at a chunk boundary whose next bytes are already buffered, reads ahead to
     * see whether the last chunk follows, so that {@link #isDone()} turns true as early as it can.
     */
    public void peekEnd() throws IOException {
        if (framing == Framing.CHUNKED && !done && remaining == 0 && in.available() > 0) {
            remaining = chunkSize();
            if (remaining == 0) {
                skipTrailers();
                done = true;
            }
        }
    }

    /* chunk-size [ chunk-ext ] CRLF, chunk-size = 1*HEXDIG */
    private long chunkSize() throws IOException {
        long size = 0;
        int digits = 0;
        int b;
        while ((b = in.read()) >= 0) {
            int d = Character.digit(b, 16);
            if (d < 0) {
                break;
            }
            if (++digits > 15) {
                throw new BackendProtocolException("chunk size too large");
            }
            size = size * 16 + d;
        }
        if (digits == 0) {
            throw new BackendProtocolException(b < 0 ? "backend closed the connection before a chunk" : "malformed chunk size");
        }
        int guard = 0;
        while (b != '\n') {
            if (b < 0 || ++guard > 4096) {
                throw new BackendProtocolException("malformed chunk header");
            }
            b = in.read();
        }
        return size;
    }

    private void crlf() throws IOException {
        int b = in.read();
        if (b == '\r') {
            b = in.read();
        }
        if (b != '\n') {
            throw new BackendProtocolException("missing CRLF after chunk data");
        }
    }

    private void skipTrailers() throws IOException {
        int lineLength = 0;
        int total = 0;
        for (;;) {
            int b = in.read();
            if (b < 0) {
                throw new BackendProtocolException("backend closed the connection in the trailers");
            }
            if (++total > 65536) {
                throw new BackendProtocolException("trailer section too large");
            }
            if (b == '\n') {
                if (lineLength == 0) {
                    return;
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
    }
}
