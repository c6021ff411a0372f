package io.lacquer.front.proxy;

import io.undertow.server.handlers.proxy.ConnectionPoolManager;

/**
 * Settings of one server's keep-alive connection pool. Health is decided by our own checks, so
 * the pool never marks a server as a problem on its own.
 */
final class PoolSettings implements ConnectionPoolManager {
    /** Connections per I/O thread; requests beyond our own maxconn never reach the pool. */
    private static final int MAX_CONNECTIONS_PER_THREAD = 4096;
    private final int maxIdlePerThread;
    private final long idleMillis;

    PoolSettings(int maxIdlePerThread, long idleMillis) {
        this.maxIdlePerThread = maxIdlePerThread;
        this.idleMillis = idleMillis;
    }

    @Override
    public int getProblemServerRetry() {
        return -1;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public boolean handleError() {
        return true;
    }

    @Override
    public boolean clearError() {
        return true;
    }

    @Override
    public int getMaxConnections() {
        return MAX_CONNECTIONS_PER_THREAD;
    }

    @Override
    public int getMaxCachedConnections() {
        return maxIdlePerThread;
    }

    @Override
    public int getSMaxConnections() {
        return 0;
    }

    @Override
    public long getTtl() {
        return idleMillis;
    }

    @Override
    public int getMaxQueueSize() {
        return 0;
    }
}
