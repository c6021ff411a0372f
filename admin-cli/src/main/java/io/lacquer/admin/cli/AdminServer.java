package io.lacquer.admin.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The management port ({@code -T}): accepts connections and runs an {@link AdminSession} for each,
 * one thread per connection (management traffic is a few commands, not a load). Backlog 10, as
 * varnishd's.
 */
public final class AdminServer implements AutoCloseable {
    /** How long a failed authentication makes its client wait before the connection closes. */
    static final long AUTH_FAILURE_DELAY_MILLIS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.admin");

    private final ServerSocket listener;
    private final Path secret;
    private final Commands commands;
    private final AtomicLong authFailures = new AtomicLong();
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "lacquer-cli");
        t.setDaemon(true);
        return t;
    });

    private AdminServer(ServerSocket listener, Path secret, AdminContext node) {
        this.listener = listener;
        this.secret = secret;
        this.commands = new Commands(node);
    }

    /**
     * Listens on {@code address} for management connections to {@code node}; {@code secret} is the
     * secret file clients must prove they know, or null for none ({@code -S none}).
     */
    public static AdminServer start(InetSocketAddress address, Path secret, AdminContext node) throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        try {
            s.bind(address, 10);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen for management on " + address.getHostString() + ":" + address.getPort()
                    + ": " + e.getMessage(), e);
        }
        AdminServer server = new AdminServer(s, secret, node);
        server.sessions.execute(server::acceptLoop);
        return server;
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** How many authentications failed. */
    public long authFailures() {
        return authFailures.get();
    }

    void authFailed() {
        authFailures.incrementAndGet();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                sessions.execute(new AdminSession(socket, secret, commands, this));
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    LOG.warn("management accept failed: {}", e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing the listener is all there is to stopping; sessions end with their clients
        }
        sessions.shutdownNow();
    }
}
