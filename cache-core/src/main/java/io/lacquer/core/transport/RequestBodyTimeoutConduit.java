package io.lacquer.core.transport;

import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.TimeUnit;
import org.xnio.Buffers;
import org.xnio.channels.ReadTimeoutException;
import org.xnio.channels.StreamSinkChannel;
import org.xnio.conduits.AbstractStreamSourceConduit;
import org.xnio.conduits.StreamSourceConduit;

/**
 * varnishd's {@code timeout_idle} on a request body: a client that sends nothing of its body for
 * that long fails the read, so the fetch or pipe reading it fails (a 503, as varnishd answers) and
 * the connection closes, instead of a thread waiting on the client for ever.
 *
 * <p>The clock starts when a read finds nothing and starts again with every byte that comes. The
 * body is read by blocking reads on one thread (a fetch or a pipe), which wait at most to the
 * deadline; nothing reads it asynchronously.
 */
final class RequestBodyTimeoutConduit extends AbstractStreamSourceConduit<StreamSourceConduit> {
    private final HttpServerExchange exchange;
    /** How long reads have found nothing, up to timeout_idle. */
    private final StallClock stall;

    /** Puts the timeout, which must be above 0, under the body that {@code next} reads. */
    RequestBodyTimeoutConduit(StreamSourceConduit next, HttpServerExchange exchange, long timeoutMillis) {
        super(next);
        this.exchange = exchange;
        this.stall = new StallClock(TimeUnit.MILLISECONDS.toNanos(timeoutMillis));
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        boolean room = dst.hasRemaining();
        return (int) got(next.read(dst), room);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        boolean room = Buffers.hasRemaining(dsts, offset, length);
        return got(next.read(dsts, offset, length), room);
    }

    @Override
    public long transferTo(long position, long count, FileChannel target) throws IOException {
        return got(next.transferTo(position, count, target), count > 0);
    }

    @Override
    public long transferTo(long count, ByteBuffer throughBuffer, StreamSinkChannel target) throws IOException {
        // nothing transferred with an empty buffer is the client's doing; a full one is the target's
        return got(next.transferTo(count, throughBuffer, target), !throughBuffer.hasRemaining() && count > 0);
    }

    @Override
    public void awaitReadable() throws IOException {
        next.awaitReadable(stall.remainingNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void awaitReadable(long time, TimeUnit timeUnit) throws IOException {
        next.awaitReadable(Math.min(timeUnit.toNanos(time), stall.remainingNanos()), TimeUnit.NANOSECONDS);
    }

    /* Notes a read's outcome: bytes (or the end) stop the clock; nothing, with room for something, may end it. */
    private long got(long n, boolean room) throws IOException {
        if (n != 0) {
            stall.stop();
        } else if (room && stall.nothingMoved()) {
            // the rest of the body will not come: the connection cannot carry another request
            exchange.setPersistent(false);
            throw new ReadTimeoutException("no request body received in time");
        }
        return n;
    }
}
