package io.lacquer.front.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.Buffers;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * The client's response conduit, reporting to the request's {@link ServerTimeout} what was
 * written and whether the client took it all.
 */
final class ResponseActivityConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final ServerTimeout timeout;
    private boolean unflushed;

    ResponseActivityConduit(StreamSinkConduit next, ServerTimeout timeout) {
        super(next);
        this.timeout = timeout;
    }

    /** Whether the last flush left data the client has not taken yet. */
    boolean unflushed() {
        return unflushed;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int want = src.remaining();
        int n = next.write(src);
        timeout.sent(n, n == want);
        return n;
    }

    @Override
    public long write(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long want = Buffers.remaining(srcs, offs, len);
        long n = next.write(srcs, offs, len);
        timeout.sent(n, n == want);
        return n;
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        int want = src.remaining();
        int n = next.writeFinal(src);
        timeout.sent(n, n == want);
        return n;
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offs, int len) throws IOException {
        long want = Buffers.remaining(srcs, offs, len);
        long n = next.writeFinal(srcs, offs, len);
        timeout.sent(n, n == want);
        return n;
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        long n = next.transferFrom(src, position, count);
        timeout.sent(n, n == count);
        return n;
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        long n = next.transferFrom(source, count, throughBuffer);
        // whatever stayed in the through buffer is waiting for the client
        timeout.sent(n, !throughBuffer.hasRemaining());
        return n;
    }

    @Override
    public boolean flush() throws IOException {
        boolean done = next.flush();
        unflushed = !done;
        return done;
    }
}
