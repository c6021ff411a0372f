package io.lacquer.front.proxy;

import io.lacquer.front.proxy.ResponseHead.MalformedResponseException;
import io.undertow.util.HeaderMap;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Decodes a chunked response body (RFC 9112 section 7.1) as it arrives: the chunks' data is
 * copied out, chunk extensions are skipped, and the trailer fields are kept for the client.
 *
 * <p>One per response; not thread-safe.
 */
final class ChunkedDecoder {
    /* Bounds what a server can make us hold: the size line with its extensions, and the trailers. */
    private static final int MAX_LINE = 4096;
    private static final int MAX_TRAILERS = 16 * 1024;

    private enum State { SIZE, EXTENSION, DATA, DATA_END, TRAILER, DONE }

    private State state = State.SIZE;
    private long chunkLeft;
    private int lineBytes;
    private boolean sawCr;
    /* The trailer section as it arrives, its length, and where its current line starts. */
    private byte @Nullable [] trailerBuf;
    private int trailerBytes;
    private int lineStart;
    private @Nullable HeaderMap trailers;

    /**
     * Decodes from {@code in} into {@code out} until {@code in} is used up, {@code out} is full
     * or the body ends.
     *
     * @return whether the body has ended (last chunk and trailers read)
     * @throws MalformedResponseException when the chunked framing is broken
     */
    boolean decode(ByteBuffer in, ByteBuffer out) throws MalformedResponseException {
        while (state != State.DONE && in.hasRemaining()) {
            switch (state) {
                case SIZE -> size(in.get());
                case EXTENSION -> {
                    byte c = in.get();
                    if (c == '\n') {
                        sizeLineEnded();
                    } else if (++lineBytes > MAX_LINE) {
                        throw new MalformedResponseException("chunk size line too long");
                    }
                }
                case DATA -> {
                    int n = (int) Math.min(chunkLeft, Math.min(in.remaining(), out.remaining()));
                    if (n == 0) {
                        return false;
                    }
                    int limit = in.limit();
                    in.limit(in.position() + n);
                    out.put(in);
                    in.limit(limit);
                    chunkLeft -= n;
                    if (chunkLeft == 0) {
                        state = State.DATA_END;
                        sawCr = false;
                    }
                }
                case DATA_END -> {
                    byte c = in.get();
                    if (c == '\n') {
                        state = State.SIZE;
                        lineBytes = 0;
                    } else if (c != '\r' || sawCr) {
                        throw new MalformedResponseException("missing CRLF after chunk data");
                    } else {
                        sawCr = true;
                    }
                }
                case TRAILER -> trailer(in.get());
                default -> throw new IllegalStateException(state.name());
            }
        }
        return state == State.DONE;
    }

    /** The trailer fields that followed the last chunk, or null if there were none. */
    @Nullable HeaderMap trailers() {
        return trailers;
    }

    private void size(byte c) throws MalformedResponseException {
        int d = Character.digit(c, 16);
        if (d >= 0) {
            if (++lineBytes > 15) {
                throw new MalformedResponseException("chunk size too large");
            }
            chunkLeft = chunkLeft * 16 + d;
        } else if (lineBytes == 0) {
            throw new MalformedResponseException("invalid chunk size");
        } else if (c == '\n') {
            sizeLineEnded();
        } else if (c == ';' || c == ' ' || c == '\t' || c == '\r') {
            state = State.EXTENSION;
        } else {
            throw new MalformedResponseException("invalid chunk size");
        }
    }

    private void sizeLineEnded() {
        lineBytes = 0;
        state = chunkLeft == 0 ? State.TRAILER : State.DATA;
    }

    /* Collects the trailer section; at its empty line, parses it as header fields. */
    private void trailer(byte c) throws MalformedResponseException {
        if (trailerBytes == MAX_TRAILERS) {
            throw new MalformedResponseException("trailers too long");
        }
        if (trailerBuf == null) {
            trailerBuf = new byte[256];
        } else if (trailerBytes == trailerBuf.length) {
            trailerBuf = Arrays.copyOf(trailerBuf, Math.min(MAX_TRAILERS, 2 * trailerBuf.length));
        }
        trailerBuf[trailerBytes++] = c;
        if (c != '\n') {
            return;
        }
        int line = trailerBytes - lineStart;
        boolean empty = line == 1 || (line == 2 && trailerBuf[lineStart] == '\r');
        lineStart = trailerBytes;
        if (!empty) {
            return;
        }
        state = State.DONE;
        if (trailerBytes > line) {
            trailers = new HeaderMap();
            ResponseHead.fields(trailerBuf, 0, trailers);
        }
    }
}
