package io.lacquer.front.proxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * The client's request body conduit, reporting to the request's {@link ServerTimeout} how much
 * each read brought: body bytes move on only while the server takes them, and a read of nothing
 * means the client, not the server, is the one being waited for.
 */
final class RequestActivityConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final ServerTimeout timeout;

    RequestActivityConduit(StreamSourceConduit next, ServerTimeout timeout) {
        super(next);
        this.timeout = timeout;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = next.read(dst);
        timeout.received(n);
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offs, int len) throws IOException {
        long n = next.read(dsts, offs, len);
        timeout.received(n);
        return n;
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        long n = next.transferTo(position, count, target);
        timeout.received(n);
        return n;
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        long n = next.transferTo(count, throughBuffer, target);
        timeout.received(n);
        return n;
    }
}
