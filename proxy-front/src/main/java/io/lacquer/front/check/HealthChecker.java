package io.lacquer.front.check;

import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.config.ServerConfig;
import io.lacquer.front.route.BackendRuntime;
import io.lacquer.front.server.AdminState;
import io.lacquer.front.server.CheckResult;
import io.lacquer.front.server.CheckStatus;
import io.lacquer.front.server.ServerState;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the health checks of every server declared with {@code check}: schedules each at
 * {@code inter}, {@code fastinter} or {@code downinter}, applies rise/fall and logs transitions.
 *
 * <p>Checks block on sockets, so they run on their own small thread pool, never on I/O threads;
 * results reach request threads through {@link ServerState}'s volatile fields.
 */
public final class HealthChecker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.front.check");
    private final ScheduledThreadPoolExecutor executor;

    /** Creates a checker with a small pool of daemon threads; call {@link #start} to begin. */
    public HealthChecker() {
        AtomicInteger n = new AtomicInteger();
        executor = new ScheduledThreadPoolExecutor(2, r -> {
            Thread t = new Thread(r, "lacquer-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
    }

    /** Starts checking every checked server of these backends, spreading the first checks over one interval. */
    public void start(List<BackendRuntime> backends) {
        for (BackendRuntime b : backends) {
            for (ServerState s : b.servers()) {
                if (s.config().check()) {
                    Task t = new Task(b, s, probeFor(b.config(), s.config()));
                    long first = ThreadLocalRandom.current().nextLong(Math.max(1, Math.min(s.config().inter(), 500)));
                    executor.schedule(t, first, TimeUnit.MILLISECONDS);
                }
            }
        }
    }

    private static Probe probeFor(ProxyConfig backend, ServerConfig s) {
        InetSocketAddress addr = new InetSocketAddress(s.host(), s.checkPort() > 0 ? s.checkPort() : s.port());
        long connect = backend.timeouts().connect() > 0 ? backend.timeouts().connect() : s.inter();
        long read = backend.timeouts().check() > 0 ? backend.timeouts().check() : s.inter();
        if (backend.httpCheck() != null) {
            return new HttpProbe(addr, backend.httpCheck(), (int) connect, (int) read);
        }
        return new TcpProbe(addr, (int) connect);
    }

    /** One server's check loop. */
    private final class Task implements Runnable {
        private final BackendRuntime backend;
        private final ServerState server;
        private final Probe probe;
        private final RiseFall riseFall;

        Task(BackendRuntime backend, ServerState server, Probe probe) {
            this.backend = backend;
            this.server = server;
            this.probe = probe;
            this.riseFall = new RiseFall(server.config().rise(), server.config().fall());
        }

        @Override
        public void run() {
            try {
                if (server.admin() != AdminState.MAINT) {
                    check();
                }
            } catch (RuntimeException e) {
                LOG.warn("health check of {} failed unexpectedly", server, e);
            } finally {
                if (!executor.isShutdown()) {
                    executor.schedule(this, nextDelay(), TimeUnit.MILLISECONDS);
                }
            }
        }

        private void check() {
            CheckResult r = probe.run();
            server.checked(r);
            boolean flipped = riseFall.record(r.ok());
            server.setHealth(riseFall.health());
            if (flipped && server.setHealthy(riseFall.up())) {
                logTransition(r);
            }
            if (r.ok() && server.setStopping(r.status() == CheckStatus.L7OKC)) {
                if (r.status() == CheckStatus.L7OKC) {
                    LOG.warn("Server {}/{} is stopping, reason: {}, code: {}. It keeps its persistent sessions.",
                            server.backend(), server.name(), r.status().description(), r.code());
                } else {
                    LOG.warn("Server {}/{} is UP (leaving forced drain), reason: {}, code: {}.",
                            server.backend(), server.name(), r.status().description(), r.code());
                }
            }
        }

        private long nextDelay() {
            ServerConfig c = server.config();
            if (riseFall.changing()) {
                return c.fastinter();
            }
            return riseFall.up() ? c.inter() : c.downinter();
        }

        private void logTransition(CheckResult r) {
            int active = 0;
            int backup = 0;
            for (ServerState s : backend.servers()) {
                if (s.balanceable()) {
                    if (s.config().backup()) {
                        backup++;
                    } else {
                        active++;
                    }
                }
            }
            String code = r.code() > 0 ? ", code: " + r.code() : "";
            String info = r.info().isEmpty() ? "" : ", info: \"" + r.info() + "\"";
            if (server.healthy()) {
                LOG.warn("Server {}/{} is UP, reason: {}{}{}, check duration: {}ms. {} active and {} backup servers online.",
                        server.backend(), server.name(), r.status().description(), code, info, r.durationMillis(),
                        active, backup);
            } else {
                LOG.warn("Server {}/{} is DOWN, reason: {}{}{}, check duration: {}ms. {} active and {} backup servers left.",
                        server.backend(), server.name(), r.status().description(), code, info, r.durationMillis(),
                        active, backup);
                if (active + backup == 0) {
                    LOG.error("backend '{}' has no server available!", server.backend());
                }
            }
        }
    }

    /** Stops all checks. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
