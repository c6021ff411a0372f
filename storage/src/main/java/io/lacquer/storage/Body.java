package io.lacquer.storage;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A stored response body: read-only buffers that are written to clients as they are, never copied
 * per request. Callers take {@link #buffers()} and send duplicates of them.
 */
public final class Body {
    /** The body of a response without content. */
    public static final Body EMPTY = new Body(new ByteBuffer[0], 0);

    private final ByteBuffer[] chunks;
    private final long length;

    private Body(ByteBuffer[] chunks, long length) {
        this.chunks = chunks;
        this.length = length;
    }

    /** A body made of these chunks, each taken from its position to its limit. */
    public static Body of(List<ByteBuffer> chunks) {
        ByteBuffer[] copy = new ByteBuffer[chunks.size()];
        long length = 0;
        for (int i = 0; i < copy.length; i++) {
            copy[i] = chunks.get(i).asReadOnlyBuffer();
            length += copy[i].remaining();
        }
        return length == 0 ? EMPTY : new Body(copy, length);
    }

    /** A body holding a copy of these bytes, in one direct buffer. */
    public static Body copyOf(byte[] bytes) {
        if (bytes.length == 0) {
            return EMPTY;
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return new Body(new ByteBuffer[] {buffer.asReadOnlyBuffer()}, bytes.length);
    }

    /** Length in bytes. */
    public long length() {
        return length;
    }

    /** Fresh duplicates of the chunks, positioned at their starts, ready to be written. */
    public ByteBuffer[] buffers() {
        ByteBuffer[] out = new ByteBuffer[chunks.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = chunks[i].duplicate();
        }
        return out;
    }

    /** The whole body as a new byte array (for tests and small bodies; not for the delivery path). */
    public byte[] toByteArray() {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("body of " + length + " bytes does not fit in an array");
        }
        byte[] out = new byte[(int) length];
        int at = 0;
        for (ByteBuffer chunk : buffers()) {
            int n = chunk.remaining();
            chunk.get(out, at, n);
            at += n;
        }
        return out;
    }
}
