package io.lacquer.core.backend.probe;

import io.lacquer.core.backend.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/*
 * Implementation notes. As in Varnish's cache_backend_probe.c, results go into a 64-bit shift
 * register (newest in bit 0); the backend is healthy while the good bits among the last `window`
 * number at least `threshold`. At start the register holds `initial` good results, so a backend
 * declared with the defaults (threshold 3, initial 2) turns healthy at its first good probe and
 * sick only after enough failures. The status line is read as sscanf("HTTP/%*f %u ") does.
 */

/** One probe running against one backend, flipping its health as results come in. */
public final class BackendProbe implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.core.probe");

    private final ProbeSpec spec;
    private final Backend backend;
    private long good;
    private ScheduledFuture<?> task;

    /** A probe of {@code backend} as {@code spec} says; not running until {@link #start}. */
    public BackendProbe(ProbeSpec spec, Backend backend) {
        this.spec = requireNonNull(spec, "spec");
        this.backend = requireNonNull(backend, "backend");
        this.good = spec.initial() >= 64 ? -1L : (1L << spec.initial()) - 1;
        backend.probeHealthy(healthy());
    }

    /** The backend it probes. */
    public Backend backend() {
        return backend;
    }

    /** The probe's declaration. */
    public ProbeSpec spec() {
        return spec;
    }

    /** Starts probing at the spec's interval on {@code timer}. */
    public synchronized void start(ScheduledExecutorService timer) {
        if (task == null) {
            long every = Math.max(1, Math.round(spec.interval() * 1000));
            task = timer.scheduleWithFixedDelay(this::probeOnce, 0, every, TimeUnit.MILLISECONDS);
        }
    }

    /** Sends one probe and records its result. */
    public void probeOnce() {
        boolean ok = attempt();
        boolean healthy;
        synchronized (this) {
            good = (good << 1) | (ok ? 1 : 0);
            healthy = healthy();
        }
        if (healthy != backend.healthy() && backend.adminHealth() == Backend.AdminHealth.AUTO) {
            LOG.info("backend {} went {}", backend.name(), healthy ? "healthy" : "sick");
        }
        backend.probeHealthy(healthy);
    }

    /** Good results among the last {@code window}. */
    public synchronized int goodInWindow() {
        long mask = spec.window() == 64 ? -1L : (1L << spec.window()) - 1;
        return Long.bitCount(good & mask);
    }

    /** Whether enough recent probes were good. */
    public synchronized boolean healthy() {
        return goodInWindow() >= spec.threshold();
    }

    private boolean attempt() {
        int timeout = (int) Math.max(1, Math.round(spec.timeout() * 1000));
        String hostHeader = backend.spec().hostHeader() != null ? backend.spec().hostHeader() : backend.spec().host();
        try (Socket s = new Socket()) {
            long deadline = System.nanoTime() + timeout * 1_000_000L;
            s.connect(new InetSocketAddress(backend.spec().host(), backend.spec().port()), timeout);
            s.setSoTimeout(timeout);
            s.getOutputStream().write(spec.requestText(hostHeader).getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            String status = statusLine(s.getInputStream());
            if (System.nanoTime() > deadline) {
                return false;
            }
            return status != null && statusCode(status) == spec.expectedResponse();
        } catch (IOException e) {
            return false;
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n' && sb.length() < 1024) {
            sb.append((char) c);
        }
        return sb.length() == 0 ? null : sb.toString().trim();
    }

    /** The status of {@code HTTP/x.y NNN …}, or -1. */
    static int statusCode(String line) {
        if (!line.startsWith("HTTP/")) {
            return -1;
        }
        String[] parts = line.split(" +", 3);
        if (parts.length < 2) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Stops probing. */
    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
