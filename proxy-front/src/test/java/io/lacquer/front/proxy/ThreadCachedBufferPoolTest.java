package io.lacquer.front.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.undertow.connector.PooledByteBuffer;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ThreadCachedBufferPoolTest {
    @Test
    void aFreedBufferComesBackClearedToTheSameThread() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(true, 1024, 4, 2);
        PooledByteBuffer first = pool.allocate();
        ByteBuffer b = first.getBuffer();
        assertTrue(b.isDirect());
        assertEquals(1024, b.capacity());
        b.put((byte) 1).flip();
        first.close();
        PooledByteBuffer second = pool.allocate();
        assertSame(b, second.getBuffer());
        assertEquals(0, second.getBuffer().position());
        assertEquals(1024, second.getBuffer().limit());
    }

    @Test
    void aBufferIsGivenBackOnceAndUnusableAfterwards() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(false, 64, 4, 2);
        PooledByteBuffer p = pool.allocate();
        ByteBuffer b = p.getBuffer();
        p.close();
        p.close();
        assertFalse(p.isOpen());
        assertThrows(IllegalStateException.class, p::getBuffer);
        // closed twice, kept once: the next two allocations cannot both get it
        assertNotSame(pool.allocate().getBuffer(), pool.allocate().getBuffer());
        assertFalse(b.isDirect());
    }

    @Test
    void buffersPastTheThreadCacheGoToTheCommonQueueForOtherThreads() throws Exception {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(true, 64, 1, 1);
        PooledByteBuffer a = pool.allocate();
        PooledByteBuffer b = pool.allocate();
        PooledByteBuffer c = pool.allocate();
        a.close(); // this thread's cache
        ByteBuffer shared = b.getBuffer();
        b.close(); // the common queue
        c.close(); // past both: dropped
        AtomicReference<ByteBuffer> seen = new AtomicReference<>();
        Thread other = new Thread(() -> seen.set(pool.allocate().getBuffer()));
        other.start();
        other.join();
        assertSame(shared, seen.get());
    }

    @Test
    void theArrayBackedPoolHasHeapBuffersOfTheSameSize() {
        ThreadCachedBufferPool pool = new ThreadCachedBufferPool(true, 512, 4, 2);
        ByteBuffer b = pool.getArrayBackedPool().allocate().getBuffer();
        assertTrue(b.hasArray());
        assertEquals(512, b.capacity());
        assertSame(pool.getArrayBackedPool(), pool.getArrayBackedPool());
    }
}
