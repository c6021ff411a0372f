package io.lacquer.front.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * One keep-alive connection to a server: carries one request at a time for its
 * {@link ConnectionPool}, on the I/O thread it was opened on.
 */
final class BackendConnection implements Closeable {
    /*
     * Reads stay resumed for the connection's whole life, so that a request costs no change of
     * the poller's interest set. Between requests the idle listener watches it: a server closing
     * a connection that sits in the pool is noticed at once and the connection is dropped.
     */
    private final StreamConnection channel;
    private final ConnectionPool pool;
    private final ChannelListener<ConduitStreamSourceChannel> idleListener = this::readWhileIdle;
    /** When the connection last went back to the pool, as System.nanoTime(). */
    long idleSince;

    BackendConnection(StreamConnection channel, ConnectionPool pool) {
        this.channel = channel;
        this.pool = pool;
        channel.getSourceChannel().resumeReads();
    }

    ConduitStreamSourceChannel source() {
        return channel.getSourceChannel();
    }

    ConduitStreamSinkChannel sink() {
        return channel.getSinkChannel();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    /** Gives the connection back for the next request, its last response having been read in full. */
    void release() {
        source().getReadSetter().set(idleListener);
        sink().getWriteSetter().set(null);
        if (!source().isReadResumed()) {
            source().resumeReads();
        }
        pool.release(this);
    }

    /* A server has nothing to say between requests: what it sends then is a close, or data that makes no sense. */
    private void readWhileIdle(ConduitStreamSourceChannel ch) {
        try {
            if (ch.read(ByteBuffer.allocate(1)) == 0) {
                return;
            }
        } catch (IOException e) {
            // closed below
        }
        pool.discard(this);
        close();
    }

    @Override
    public void close() {
        IoUtils.safeClose(channel);
    }
}
