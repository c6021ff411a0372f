package io.lacquer.front.server;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Traffic counters shared by frontends, backends and servers: sessions, bytes, response classes
 * and errors. Written by I/O threads, read by the stats renderers.
 */
public final class HttpCounters {
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger max = new AtomicInteger();
    private final LongAdder total = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder denied = new LongAdder();
    private final LongAdder requestErrors = new LongAdder();
    private final LongAdder connectErrors = new LongAdder();
    private final LongAdder responseErrors = new LongAdder();
    private final LongAdder retries = new LongAdder();
    private final LongAdder redispatches = new LongAdder();
    private final LongAdder[] responses = {new LongAdder(), new LongAdder(), new LongAdder(), new LongAdder(),
            new LongAdder(), new LongAdder()};
    private volatile long lastSession;

    /** Counts a request starting; pair with {@link #end()}. */
    public void begin() {
        int c = current.incrementAndGet();
        int m;
        while (c > (m = max.get()) && !max.compareAndSet(m, c)) {
            // another thread raised the maximum; retry against its value
        }
        total.increment();
        long now = System.currentTimeMillis();
        if (now != lastSession) {
            // written once a millisecond at most: the I/O threads share this field
            lastSession = now;
        }
    }

    /** Counts a request ending. */
    public void end() {
        current.decrementAndGet();
    }

    /** Counts a response by status class. */
    public void response(int status, long in, long out) {
        int cls = status / 100;
        responses[cls >= 1 && cls <= 5 ? cls - 1 : 5].increment();
        bytesIn.add(in);
        bytesOut.add(out);
    }

    /** Counts a request denied by a rule. */
    public void deny() {
        denied.increment();
    }

    /** Counts a malformed or timed-out request. */
    public void requestError() {
        requestErrors.increment();
    }

    /** Counts a failed connection to a server. */
    public void connectError() {
        connectErrors.increment();
    }

    /** Counts a failed or timed-out response from a server. */
    public void responseError() {
        responseErrors.increment();
    }

    /** Counts a connection retry. */
    public void retry() {
        retries.increment();
    }

    /** Counts a request sent to another server than first chosen. */
    public void redispatch() {
        redispatches.increment();
    }

    /** Requests in progress ({@code scur}). */
    public int current() {
        return current.get();
    }

    /** Highest {@code scur} seen ({@code smax}). */
    public int max() {
        return max.get();
    }

    /** Requests started ({@code stot}). */
    public long total() {
        return total.sum();
    }

    /** Request bytes received ({@code bin}). */
    public long bytesIn() {
        return bytesIn.sum();
    }

    /** Response bytes sent ({@code bout}). */
    public long bytesOut() {
        return bytesOut.sum();
    }

    /** Requests denied ({@code dreq}). */
    public long denied() {
        return denied.sum();
    }

    /** Request errors ({@code ereq}). */
    public long requestErrors() {
        return requestErrors.sum();
    }

    /** Connection errors ({@code econ}). */
    public long connectErrors() {
        return connectErrors.sum();
    }

    /** Response errors ({@code eresp}). */
    public long responseErrors() {
        return responseErrors.sum();
    }

    /** Retries ({@code wretr}). */
    public long retries() {
        return retries.sum();
    }

    /** Redispatches ({@code wredis}). */
    public long redispatches() {
        return redispatches.sum();
    }

    /** Responses of class {@code cls} (1..5), or other statuses for 6 ({@code hrsp_*}). */
    public long responses(int cls) {
        return responses[cls - 1].sum();
    }

    /** When the last request started, in epoch milliseconds; 0 if never. */
    public long lastSession() {
        return lastSession;
    }
}
