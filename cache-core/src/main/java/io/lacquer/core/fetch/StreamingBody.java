package io.lacquer.core.fetch;

import io.lacquer.storage.Body;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A body still being fetched: one fetch appends chunks, any number of clients read them as they
 * arrive. Readers block in {@link #await}; the fetch's own timeouts guarantee it ends, by
 * {@link #complete()} or {@link #fail}.
 */
public final class StreamingBody {
    private final List<ByteBuffer> chunks = new ArrayList<>();
    private long length;
    private long expectedLength = -1;
    private boolean complete;
    private IOException failure;

    /** Adds a chunk (the buffer is taken over, read-only from here on). */
    public synchronized void append(ByteBuffer chunk) {
        chunks.add(chunk.asReadOnlyBuffer());
        length += chunk.remaining();
        notifyAll();
    }

    /** Records the length the backend announced (Content-Length), before the first chunk. */
    public synchronized void expectLength(long bytes) {
        this.expectedLength = bytes;
    }

    /** The length the backend announced, or -1 when it did not (chunked or close-delimited). */
    public synchronized long expectedLength() {
        return expectedLength;
    }

    /** Marks the end of the body. */
    public synchronized void complete() {
        complete = true;
        notifyAll();
    }

    /** Marks the body as broken: readers get {@code cause}. */
    public synchronized void fail(IOException cause) {
        if (!complete) {
            failure = cause;
            complete = true;
            notifyAll();
        }
    }

    /** Bytes received so far. */
    public synchronized long length() {
        return length;
    }

    /** Whether the fetch ended, well or not. */
    public synchronized boolean isComplete() {
        return complete;
    }

    /** Whether the fetch ended well. */
    public synchronized boolean isIntact() {
        return complete && failure == null;
    }

    /**
     * The chunk at {@code index} (a duplicate, ready to write), waiting for it if needed; null once
     * the body ended before it. Throws the fetch's failure when the body broke.
     */
    public synchronized ByteBuffer await(int index) throws IOException {
        while (index >= chunks.size() && !complete) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the body", e);
            }
        }
        if (index < chunks.size()) {
            return chunks.get(index).duplicate();
        }
        if (failure != null) {
            throw failure;
        }
        return null;
    }

    /** Whether chunk {@code index} is already here (so a writer may keep writing before it flushes). */
    public synchronized boolean has(int index) {
        return index < chunks.size();
    }

    /** Everything received so far, as a stored {@link Body}: for the fetch, once it has read the whole body. */
    public synchronized Body received() {
        return Body.of(chunks);
    }

    /** The complete body as a stored {@link Body}; only after {@link #complete()} without failure. */
    public synchronized Body toBody() {
        if (!complete || failure != null) {
            throw new IllegalStateException("body is not complete");
        }
        return Body.of(chunks);
    }
}
