package io.lacquer.core.transport;

import io.undertow.server.ConduitWrapper;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.Buffers;
import org.xnio.IoUtils;
import org.xnio.XnioIoThread;
import org.xnio.channels.StreamSourceChannel;
import org.xnio.conduits.AbstractStreamSinkConduit;
import org.xnio.conduits.StreamSinkConduit;

/**
 * varnishd's {@code idle_send_timeout} and {@code send_timeout} on one response. When the client
 * has taken nothing of it for {@code idle_send_timeout}, the connection is closed if the response
 * began more than {@code send_timeout} ago; otherwise the wait starts over, as varnishd "extends"
 * it. A client that stops reading then holds neither a worker thread (a streaming delivery or a
 * pipe blocks in its write) nor its connection and response for longer than that.
 *
 * <p>Only waiting for the client counts: the clock starts when a write makes no progress or the
 * writer starts waiting for the socket, and starts again whenever the client takes some. Time
 * spent between writes (a slow backend, a kept-alive connection between requests) never counts,
 * unlike Undertow's own write timeout, which measures from the last write and so cuts a response
 * whose backend paused. A blocking writer waits at most to the end of the current wait and then
 * tries again; a writer waiting for the socket to become writable is checked by a timer on the
 * I/O thread.
 */
final class SendTimeoutConduit extends AbstractStreamSinkConduit<StreamSinkConduit> {
    private final HttpServerExchange exchange;
    private final long totalNanos;
    private final long startedAt = System.nanoTime();
    /** How long the writer has waited for the client with nothing written, up to idle_send_timeout. */
    private final StallClock stall;
    /** Writes are resumed: an asynchronous writer waits for the socket to take more. */
    private volatile boolean waiting;
    /** The response is all written, or abandoned: the exchange no longer writes through this conduit. */
    private volatile boolean done;
    /** A timer is set on the I/O thread; only touched there. */
    private boolean timerSet;

    private SendTimeoutConduit(StreamSinkConduit next, HttpServerExchange exchange, long idleNanos, long totalNanos) {
        super(next);
        this.exchange = exchange;
        this.totalNanos = totalNanos;
        this.stall = new StallClock(idleNanos);
    }

    /**
     * A wrapper that puts the timeouts under a response.
     *
     * @param idleMillis {@code idle_send_timeout}, above 0
     * @param totalMillis {@code send_timeout}
     */
    static ConduitWrapper<StreamSinkConduit> wrapper(long idleMillis, long totalMillis) {
        long idle = TimeUnit.MILLISECONDS.toNanos(idleMillis);
        long total = TimeUnit.MILLISECONDS.toNanos(totalMillis);
        return (factory, exchange) -> new SendTimeoutConduit(factory.create(), exchange, idle, total);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        boolean pending = src.hasRemaining();
        return (int) written(next.write(src), pending);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        boolean pending = Buffers.hasRemaining(srcs, offset, length);
        return written(next.write(srcs, offset, length), pending);
    }

    @Override
    public int writeFinal(ByteBuffer src) throws IOException {
        boolean pending = src.hasRemaining();
        return (int) written(next.writeFinal(src), pending);
    }

    @Override
    public long writeFinal(ByteBuffer[] srcs, int offset, int length) throws IOException {
        boolean pending = Buffers.hasRemaining(srcs, offset, length);
        return written(next.writeFinal(srcs, offset, length), pending);
    }

    @Override
    public long transferFrom(FileChannel src, long position, long count) throws IOException {
        return written(next.transferFrom(src, position, count), count > 0);
    }

    @Override
    public long transferFrom(StreamSourceChannel source, long count, ByteBuffer throughBuffer) throws IOException {
        // nothing transferred may mean the source had nothing: only a full buffer left behind is the client's doing
        return written(next.transferFrom(source, count, throughBuffer), throughBuffer.hasRemaining());
    }

    @Override
    public boolean flush() throws IOException {
        boolean flushed = next.flush();
        if (flushed) {
            progress();
            if (next.isWriteShutdown()) {
                done = true;
            }
        } else {
            noProgress();
        }
        return flushed;
    }

    @Override
    public void truncateWrites() throws IOException {
        done = true;
        next.truncateWrites();
    }

    @Override
    public void awaitWritable() throws IOException {
        next.awaitWritable(stall.remainingNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void awaitWritable(long time, TimeUnit timeUnit) throws IOException {
        next.awaitWritable(Math.min(timeUnit.toNanos(time), stall.remainingNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public void resumeWrites() {
        waiting = true;
        next.resumeWrites();
        if (!stall.running()) {
            stall.restart();
        }
        XnioIoThread thread = getWriteThread();
        if (thread == Thread.currentThread()) {
            setTimer(thread);
        } else {
            try {
                thread.execute(() -> setTimer(thread));
            } catch (RejectedExecutionException e) {
                // the node is stopping: its connections are closing anyway
            }
        }
    }

    @Override
    public void suspendWrites() {
        // the writer no longer waits for the socket
        waiting = false;
        stall.stop();
        next.suspendWrites();
    }

    /* Notes a write's outcome: bytes written restart the clock; none while some were pending may end it. */
    private long written(long n, boolean pending) throws IOException {
        if (n > 0) {
            progress();
        } else if (pending) {
            noProgress();
        }
        return n;
    }

    /* The client took something: a writer still waiting for the socket starts a new wait. */
    private void progress() {
        if (waiting) {
            stall.restart();
        } else {
            stall.stop();
        }
    }

    private void noProgress() throws IOException {
        if (stall.nothingMoved() && waitIsOver()) {
            throw new ClosedChannelException();
        }
    }

    /*
     * At the end of a wait of idle_send_timeout: cuts the connection if the response began more
     * than send_timeout ago (true), else starts another wait (false).
     */
    private boolean waitIsOver() {
        if (System.nanoTime() - startedAt >= totalNanos) {
            cut();
            return true;
        }
        stall.restart();
        return false;
    }

    private void setTimer(XnioIoThread thread) {
        if (timerSet || done || !stall.running()) {
            return;
        }
        timerSet = true;
        thread.executeAfter(this::check, stall.remainingNanos(), TimeUnit.NANOSECONDS);
    }

    /* On the I/O thread: cuts a writer still waiting for the socket at the end of its wait, or looks again later. */
    private void check() {
        timerSet = false;
        if (done || !waiting || !stall.running() || (stall.nothingMoved() && waitIsOver())) {
            return;
        }
        setTimer(getWriteThread());
    }

    private void cut() {
        done = true;
        IoUtils.safeClose(exchange.getConnection());
    }
}
