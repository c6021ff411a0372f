package io.lacquer.front.proxy;

import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The front's buffers: each thread keeps a few free buffers of its own, more wait in a common
 * queue up to a maximum, and past that a freed buffer is left to the garbage collector.
 *
 * <p>Undertow's {@code DefaultByteBufferPool} does the same, but finds the calling thread's cache
 * in a synchronized {@code WeakHashMap} on every allocation and every release, a few of each per
 * proxied request; a {@link ThreadLocal} finds it without a lock.
 */
public final class ThreadCachedBufferPool implements ByteBufferPool {
    private final boolean direct;
    private final int bufferSize;
    private final int threadCacheSize;
    private final int sharedMax;
    private final ThreadLocal<ArrayDeque<ByteBuffer>> local = ThreadLocal.withInitial(ArrayDeque::new);
    private final ConcurrentLinkedQueue<ByteBuffer> shared = new ConcurrentLinkedQueue<>();
    private final AtomicInteger sharedCount = new AtomicInteger();
    private volatile boolean closed;
    /** The heap-buffer pool of the same sizes; null when this is one. */
    private final @Nullable ThreadCachedBufferPool heap;

    /**
     * Creates a pool.
     *
     * @param direct whether the buffers are direct
     * @param bufferSize the size of every buffer
     * @param sharedMax how many free buffers the common queue keeps
     * @param threadCacheSize how many free buffers each thread keeps
     */
    public ThreadCachedBufferPool(boolean direct, int bufferSize, int sharedMax, int threadCacheSize) {
        this.direct = direct;
        this.bufferSize = bufferSize;
        this.sharedMax = sharedMax;
        this.threadCacheSize = threadCacheSize;
        this.heap = direct ? new ThreadCachedBufferPool(false, bufferSize, sharedMax, threadCacheSize) : null;
    }

    @Override
    public PooledByteBuffer allocate() {
        ByteBuffer b = local.get().pollLast();
        if (b == null) {
            b = shared.poll();
            if (b != null) {
                sharedCount.decrementAndGet();
            } else {
                b = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
            }
        }
        return new Pooled(b);
    }

    private void free(ByteBuffer b) {
        if (closed) {
            return;
        }
        b.clear();
        ArrayDeque<ByteBuffer> mine = local.get();
        if (mine.size() < threadCacheSize) {
            mine.addLast(b);
        } else if (sharedCount.incrementAndGet() <= sharedMax) {
            shared.offer(b);
        } else {
            sharedCount.decrementAndGet();
        }
    }

    /** A heap-buffer pool of the same sizes, for the parts of Undertow that need arrays. */
    @Override
    public ByteBufferPool getArrayBackedPool() {
        return heap == null ? this : heap;
    }

    /** Drops the common queue; buffers freed from now on are not kept. */
    @Override
    public void close() {
        closed = true;
        shared.clear();
        if (heap != null) {
            heap.close();
        }
    }

    @Override
    public int getBufferSize() {
        return bufferSize;
    }

    @Override
    public boolean isDirect() {
        return direct;
    }

    /** One allocation: gives its buffer back once, when closed. */
    private final class Pooled implements PooledByteBuffer {
        private ByteBuffer buffer;

        Pooled(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        @Override
        public ByteBuffer getBuffer() {
            ByteBuffer b = buffer;
            if (b == null) {
                throw new IllegalStateException("buffer already freed");
            }
            return b;
        }

        @Override
        public void close() {
            ByteBuffer b = buffer;
            if (b != null) {
                buffer = null;
                free(b);
            }
        }

        @Override
        public boolean isOpen() {
            return buffer != null;
        }
    }
}
