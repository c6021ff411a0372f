package io.lacquer.front.check;

import io.lacquer.front.server.CheckResult;
import io.lacquer.front.server.CheckStatus;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * The layer-4 check {@code check} alone gives: the server passes if it accepts a TCP connection.
 */
final class TcpProbe implements Probe {
    private final InetSocketAddress address;
    private final int connectTimeout;

    TcpProbe(InetSocketAddress address, int connectTimeout) {
        this.address = address;
        this.connectTimeout = connectTimeout;
    }

    @Override
    public CheckResult run() {
        long start = System.nanoTime();
        try (Socket s = new Socket()) {
            s.connect(address, connectTimeout);
            return new CheckResult(CheckStatus.L4OK, 0, elapsed(start), "");
        } catch (SocketTimeoutException e) {
            return new CheckResult(CheckStatus.L4TOUT, 0, elapsed(start), "timeout");
        } catch (IOException e) {
            return new CheckResult(CheckStatus.L4CON, 0, elapsed(start), String.valueOf(e.getMessage()));
        }
    }

    static long elapsed(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
