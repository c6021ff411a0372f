package io.lacquer.front.server;

import io.lacquer.front.config.ServerConfig;
import java.util.concurrent.atomic.LongAdder;

/**
 * The live state of one server: health, administrative state, weight, slots and counters.
 *
 * <p>The only mutable model class of the front. Health fields are written by the check thread
 * and the stats admin handler, and read by I/O threads through volatile fields; counters are
 * thread-safe adders.
 */
public final class ServerState {
    private final String backend;
    private final ServerConfig config;
    private final ServerSlots slots;
    private final HttpCounters counters = new HttpCounters();
    private final LongAdder lbTotal = new LongAdder();
    private final LongAdder checkFailures = new LongAdder();
    private final LongAdder checkDowns = new LongAdder();
    private volatile boolean healthy = true;
    private volatile boolean stopping;
    private volatile int health;
    private volatile AdminState admin = AdminState.READY;
    private volatile int weight;
    private volatile long lastChange = System.currentTimeMillis();
    private volatile long downSince;
    private volatile long downtime;
    private volatile CheckResult lastCheck = new CheckResult(CheckStatus.INI, 0, 0, "");

    /** Creates the state of a server declared in {@code backend}; it starts UP, as in HAProxy. */
    public ServerState(String backend, ServerConfig config) {
        this.backend = backend;
        this.config = config;
        this.slots = new ServerSlots(config.maxconn());
        this.weight = config.weight();
        this.health = config.rise() + config.fall() - 1;
    }

    /** The backend it belongs to. */
    public String backend() {
        return backend;
    }

    /** Its configuration. */
    public ServerConfig config() {
        return config;
    }

    /** Its name. */
    public String name() {
        return config.name();
    }

    /** Its current state. */
    public ServerStatus status() {
        AdminState a = admin;
        if (a == AdminState.MAINT) {
            return ServerStatus.MAINT;
        }
        if (!healthy) {
            return ServerStatus.DOWN;
        }
        if (a == AdminState.DRAIN) {
            return ServerStatus.DRAIN;
        }
        return weight == 0 || stopping ? ServerStatus.NOLB : ServerStatus.UP;
    }

    /** Whether the balancer may send it new traffic. */
    public boolean balanceable() {
        return status() == ServerStatus.UP;
    }

    /** Whether checks say it is up. */
    public boolean healthy() {
        return healthy;
    }

    /**
     * Records a health transition; returns true if the state changed. Called by the check thread.
     */
    public boolean setHealthy(boolean up) {
        if (healthy == up) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (!up) {
            downSince = now;
            checkDowns.increment();
        } else if (downSince > 0) {
            downtime += now - downSince;
            downSince = 0;
        }
        healthy = up;
        lastChange = now;
        return true;
    }

    /**
     * Records whether the server asked to stop taking new traffic ({@code disable-on-404});
     * returns true if that changed. Called by the check thread.
     */
    public boolean setStopping(boolean stop) {
        if (stopping == stop) {
            return false;
        }
        stopping = stop;
        lastChange = System.currentTimeMillis();
        return true;
    }

    /** The rise/fall health counter: 0..rise+fall-1, UP at rise and above. */
    public int health() {
        return health;
    }

    /** Sets the rise/fall health counter; called by the check thread. */
    public void setHealth(int health) {
        this.health = health;
    }

    /** The administrative state. */
    public AdminState admin() {
        return admin;
    }

    /** Sets the administrative state; returns true if it changed. */
    public synchronized boolean setAdmin(AdminState state) {
        if (admin == state) {
            return false;
        }
        long now = System.currentTimeMillis();
        if (state == AdminState.MAINT && healthy) {
            downSince = now;
        } else if (admin == AdminState.MAINT && healthy && downSince > 0) {
            downtime += now - downSince;
            downSince = 0;
        }
        admin = state;
        lastChange = now;
        return true;
    }

    /** The effective weight. */
    public int weight() {
        return weight;
    }

    /** The request slots ({@code maxconn}) and queue. */
    public ServerSlots slots() {
        return slots;
    }

    /** Traffic counters. */
    public HttpCounters counters() {
        return counters;
    }

    /** Counts one load-balancing choice of this server ({@code lbtot}). */
    public void chosen() {
        lbTotal.increment();
    }

    /** Times the balancer chose it. */
    public long lbTotal() {
        return lbTotal.sum();
    }

    /** Records a finished check. */
    public void checked(CheckResult result) {
        lastCheck = result;
        if (!result.ok()) {
            checkFailures.increment();
        }
    }

    /** The last check's result. */
    public CheckResult lastCheck() {
        return lastCheck;
    }

    /** Failed checks ({@code chkfail}). */
    public long checkFailures() {
        return checkFailures.sum();
    }

    /** UP-to-DOWN transitions ({@code chkdown}). */
    public long checkDowns() {
        return checkDowns.sum();
    }

    /** Epoch milliseconds of the last state change. */
    public long lastChange() {
        return lastChange;
    }

    /** Total milliseconds spent DOWN or in MAINT, including the current stretch. */
    public long downtime() {
        long since = downSince;
        return downtime + (since > 0 ? System.currentTimeMillis() - since : 0);
    }

    @Override
    public String toString() {
        return backend + "/" + config.name();
    }
}
