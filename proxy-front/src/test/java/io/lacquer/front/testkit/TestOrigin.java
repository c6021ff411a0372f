package io.lacquer.front.testkit;

import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.HeaderMap;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A scripted origin server on a loopback port: answers with its name, records what it received,
 * and can be stopped and started again on the same port.
 *
 * <p>Paths: {@code /health} answers 200 "OK" (or {@link #healthStatus}); {@code /slow?ms=N}
 * answers after N ms; {@code /setcookie} sets {@code JSESSIONID=abc}; {@code /cacheable} sends
 * {@code Cache-Control: max-age=60}; {@code /close} closes its
 * connection after answering; {@code /big?kb=N} sends N KiB; {@code /echo} (or any path ending so) answers the request body's length;
 * {@code /drip?chunks=N&ms=M} sends its response head at once, then N chunks of "0123456789", each after
 * M ms; anything else answers 200 with the name.
 */
public final class TestOrigin implements AutoCloseable {
    private final String name;
    private final AtomicInteger hits = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final AtomicReference<HeaderMap> lastHeaders = new AtomicReference<>();
    private final AtomicReference<String> lastUri = new AtomicReference<>();
    private volatile int healthStatus = 200;
    private volatile Undertow server;
    private int port;

    /** Starts an origin on an ephemeral loopback port. */
    public TestOrigin(String name) {
        this.name = name;
        start(0);
    }

    private void start(int p) {
        Undertow u = Undertow.builder()
                .setIoThreads(1).setWorkerThreads(4)
                .addHttpListener(p, "127.0.0.1")
                .setHandler(this::handle)
                .build();
        u.start();
        server = u;
        port = ((InetSocketAddress) u.getListenerInfo().get(0).getAddress()).getPort();
    }

    private void handle(HttpServerExchange ex) throws Exception {
        String path = ex.getRequestPath();
        if (path.equals("/health")) {
            ex.setStatusCode(healthStatus);
            ex.getResponseSender().send(healthStatus == 200 ? "OK" : "NOT OK");
            return;
        }
        if (path.equals("/big")) {
            int kb = Integer.parseInt(ex.getQueryParameters().get("kb").getFirst());
            byte[] body = new byte[kb * 1024];
            for (int i = 0; i < body.length; i++) {
                body[i] = (byte) ('a' + i % 26);
            }
            ex.getResponseSender().send(java.nio.ByteBuffer.wrap(body));
            return;
        }
        if (path.endsWith("/echo")) {
            ex.getRequestReceiver().receiveFullBytes((e, bytes) -> e.getResponseSender().send(name + ":" + bytes.length));
            return;
        }
        if (path.endsWith("/drip")) {
            if (ex.isInIoThread()) {
                ex.dispatch(this::handle);
                return;
            }
            drip(ex, Integer.parseInt(ex.getQueryParameters().get("chunks").getFirst()),
                    Long.parseLong(ex.getQueryParameters().get("ms").getFirst()));
            return;
        }
        if (path.endsWith("/slow")) {
            if (ex.isInIoThread()) {
                ex.dispatch(this::handle);
                return;
            }
            long ms = Long.parseLong(ex.getQueryParameters().get("ms").getFirst());
            int c = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(c, Math::max);
            try {
                TimeUnit.MILLISECONDS.sleep(ms);
            } finally {
                concurrent.decrementAndGet();
            }
        }
        hits.incrementAndGet();
        lastHeaders.set(ex.getRequestHeaders());
        lastUri.set(ex.getRequestURI() + (ex.getQueryString().isEmpty() ? "" : "?" + ex.getQueryString()));
        ex.getResponseHeaders().put(new HttpString("X-Server"), name);
        if (path.equals("/setcookie")) {
            ex.getResponseHeaders().add(Headers.SET_COOKIE, "JSESSIONID=abc; Path=/");
        }
        if (path.equals("/close")) {
            ex.setPersistent(false);
        }
        if (path.equals("/cacheable")) {
            ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=60");
        }
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        ex.getResponseSender().send(name);
    }

    private void drip(HttpServerExchange ex, int chunks, long ms) throws InterruptedException {
        hits.incrementAndGet();
        ex.startBlocking();
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
        try (java.io.OutputStream out = ex.getOutputStream()) {
            out.flush();
            for (int i = 0; i < chunks; i++) {
                TimeUnit.MILLISECONDS.sleep(ms);
                out.write("0123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (java.io.IOException e) {
            // the proxy gave up on us: what a timed-out server sees
        }
    }

    /** The origin's name, which is also every response body. */
    public String name() {
        return name;
    }

    /** Its port. */
    public int port() {
        return port;
    }

    /** Requests served, health checks excluded. */
    public int hits() {
        return hits.get();
    }

    /** Most {@code /slow} requests ever in progress at once. */
    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    /** Headers of the last request served. */
    public HeaderMap lastHeaders() {
        return lastHeaders.get();
    }

    /** URI of the last request served. */
    public String lastUri() {
        return lastUri.get();
    }

    /** Sets the status {@code /health} answers. */
    public void healthStatus(int status) {
        this.healthStatus = status;
    }

    /** Stops listening (connections are refused until {@link #restart}). */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Listens again on the same port. */
    public synchronized void restart() {
        if (server == null) {
            start(port);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
