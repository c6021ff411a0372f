package io.lacquer.core.ban;

import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that applies object-only bans to stored objects and trims the list
 * (Varnish's {@code cache_ban_lurker.c}), once a second, for bans older than
 * {@code ban_lurker_age}.
 */
public final class BanLurker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.core.ban");

    private final Thread thread;
    private volatile boolean running = true;

    /** Starts the lurker over {@code bans}. */
    public BanLurker(BanList bans, Params params) {
        this.thread = new Thread(() -> {
            while (running) {
                try {
                    Thread.sleep(Math.max(10, params.millis(Param.BAN_LURKER_SLEEP)));
                    bans.lurk(params.millis(Param.BAN_LURKER_AGE));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    LOG.warn("ban lurker pass failed: {}", e.toString(), e);
                }
            }
        }, "lacquer-ban-lurker");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
