package io.lacquer.front.stats;

import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.route.BackendRuntime;
import io.lacquer.front.route.Topology;
import io.lacquer.front.server.HttpCounters;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.server.ServerStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the live counters and states of a {@link Topology} into a {@link StatsSnapshot}.
 */
public final class StatsCollector {
    private final Topology topology;

    /** Creates a collector over a running topology. */
    public StatsCollector(Topology topology) {
        this.topology = topology;
    }

    /** Takes a snapshot now. */
    public StatsSnapshot snapshot() {
        long now = System.currentTimeMillis();
        List<StatsSnapshot.ProxyStats> out = new ArrayList<>();
        int iid = 0;
        for (ProxyConfig p : topology.config().proxies()) {
            iid++;
            List<StatsRow> rows = new ArrayList<>();
            if (p.kind().hasFront()) {
                rows.add(frontend(p, iid, topology.frontendCounters(p.name()), now));
            }
            BackendRuntime b = topology.backend(p.name());
            // a listen section without servers (a stats page) has no backend side worth a row
            boolean emptyListen = p.kind().hasFront() && p.servers().isEmpty();
            if (p.kind().hasBack() && b != null && !emptyListen) {
                for (ServerState s : b.servers()) {
                    rows.add(server(p, iid, s, now));
                }
                rows.add(backend(p, iid, b, now));
            }
            out.add(new StatsSnapshot.ProxyStats(p.name(), rows));
        }
        return new StatsSnapshot(out, (now - topology.startedAt()) / 1000);
    }

    private static StatsRow frontend(ProxyConfig p, int iid, HttpCounters c, long now) {
        String[] v = base(p, "FRONTEND", iid, 0, RowType.FRONTEND);
        traffic(v, c, now);
        set(v, StatField.SLIM, p.maxconn() > 0 ? Integer.toString(p.maxconn()) : "");
        set(v, StatField.STATUS, "OPEN");
        set(v, StatField.REQ_TOT, Long.toString(c.total()));
        return new StatsRow(RowType.FRONTEND, "frontend", v);
    }

    private static StatsRow backend(ProxyConfig p, int iid, BackendRuntime b, long now) {
        String[] v = base(p, "BACKEND", iid, 0, RowType.BACKEND);
        HttpCounters c = b.counters();
        traffic(v, c, now);
        int queued = 0;
        int queueMax = 0;
        int weight = 0;
        int act = 0;
        int bck = 0;
        long lbtot = 0;
        long lastChange = 0;
        for (ServerState s : b.servers()) {
            queued += s.slots().queued();
            queueMax = Math.max(queueMax, s.slots().queueMax());
            lbtot += s.lbTotal();
            lastChange = Math.max(lastChange, s.lastChange());
            if (s.balanceable()) {
                weight += s.weight();
                if (s.config().backup()) {
                    bck++;
                } else {
                    act++;
                }
            }
        }
        boolean up = act + bck > 0;
        set(v, StatField.QCUR, Integer.toString(queued));
        set(v, StatField.QMAX, Integer.toString(queueMax));
        set(v, StatField.STATUS, up ? "UP" : "DOWN");
        set(v, StatField.WEIGHT, Integer.toString(weight));
        set(v, StatField.ACT, Integer.toString(act));
        set(v, StatField.BCK, Integer.toString(bck));
        if (lastChange > 0) {
            set(v, StatField.LASTCHG, Long.toString((now - lastChange) / 1000));
        }
        set(v, StatField.LBTOT, Long.toString(lbtot));
        set(v, StatField.REQ_TOT, Long.toString(c.total()));
        set(v, StatField.COOKIE, p.cookie() == null ? "" : p.cookie().name());
        set(v, StatField.ALGO, p.balance().algorithm().keyword());
        return new StatsRow(RowType.BACKEND, up ? "backend" : "backend_down", v);
    }

    private static StatsRow server(ProxyConfig p, int iid, ServerState s, long now) {
        var cfg = s.config();
        String[] v = base(p, cfg.name(), iid, cfg.id(), RowType.SERVER);
        traffic(v, s.counters(), now);
        ServerStatus st = s.status();
        set(v, StatField.QCUR, Integer.toString(s.slots().queued()));
        set(v, StatField.QMAX, Integer.toString(s.slots().queueMax()));
        set(v, StatField.SLIM, cfg.maxconn() > 0 ? Integer.toString(cfg.maxconn()) : "");
        set(v, StatField.STATUS, statusText(s, st));
        set(v, StatField.WEIGHT, Integer.toString(s.weight()));
        set(v, StatField.UWEIGHT, Integer.toString(cfg.weight()));
        set(v, StatField.ACT, cfg.backup() ? "0" : "1");
        set(v, StatField.BCK, cfg.backup() ? "1" : "0");
        set(v, StatField.LASTCHG, Long.toString((now - s.lastChange()) / 1000));
        set(v, StatField.DOWNTIME, Long.toString(s.downtime() / 1000));
        set(v, StatField.LBTOT, Long.toString(s.lbTotal()));
        set(v, StatField.ADDR, cfg.address());
        set(v, StatField.COOKIE, cfg.cookie() == null ? "" : cfg.cookie());
        if (cfg.check()) {
            var r = s.lastCheck();
            set(v, StatField.CHKFAIL, Long.toString(s.checkFailures()));
            set(v, StatField.CHKDOWN, Long.toString(s.checkDowns()));
            set(v, StatField.CHECK_STATUS, r.status().label());
            set(v, StatField.CHECK_CODE, r.code() > 0 ? Integer.toString(r.code()) : "");
            set(v, StatField.CHECK_DURATION, Long.toString(r.durationMillis()));
            set(v, StatField.CHECK_DESC, r.status().description());
            set(v, StatField.LAST_CHK, r.info());
            set(v, StatField.CHECK_RISE, Integer.toString(cfg.rise()));
            set(v, StatField.CHECK_FALL, Integer.toString(cfg.fall()));
            set(v, StatField.CHECK_HEALTH, Integer.toString(s.health()));
        }
        String css = switch (st) {
            case UP -> cfg.backup() ? "backup_up" : "active_up";
            case DOWN -> "active_down";
            case NOLB, DRAIN -> "active_nolb";
            case MAINT -> "maintain";
        };
        return new StatsRow(RowType.SERVER, css, v);
    }

    /*
     * HAProxy shows a server whose checks disagree with its state with the progress of the change:
     * "UP 2/3" is UP with 2 more failures to go before DOWN, "DOWN 1/2" is DOWN with 1 success of
     * the 2 needed to come back.
     */
    private static String statusText(ServerState s, ServerStatus st) {
        var cfg = s.config();
        int health = s.health();
        if (!cfg.check() || (st != ServerStatus.UP && st != ServerStatus.DOWN)) {
            return st.label();
        }
        if (st == ServerStatus.UP && health < cfg.rise() + cfg.fall() - 1) {
            return "UP " + (health - cfg.rise() + 1) + "/" + cfg.fall();
        }
        if (st == ServerStatus.DOWN && health > 0) {
            return "DOWN " + health + "/" + cfg.rise();
        }
        return st.label();
    }

    private static String[] base(ProxyConfig p, String svname, int iid, int sid, RowType type) {
        String[] v = new String[StatField.values().length];
        set(v, StatField.PXNAME, p.name());
        set(v, StatField.SVNAME, svname);
        set(v, StatField.PID, "1");
        set(v, StatField.IID, Integer.toString(iid));
        set(v, StatField.SID, Integer.toString(sid));
        set(v, StatField.TYPE, Integer.toString(type.code()));
        set(v, StatField.MODE, "http");
        return v;
    }

    private static void traffic(String[] v, HttpCounters c, long now) {
        set(v, StatField.SCUR, Integer.toString(c.current()));
        set(v, StatField.SMAX, Integer.toString(c.max()));
        set(v, StatField.STOT, Long.toString(c.total()));
        set(v, StatField.BIN, Long.toString(c.bytesIn()));
        set(v, StatField.BOUT, Long.toString(c.bytesOut()));
        set(v, StatField.DREQ, Long.toString(c.denied()));
        set(v, StatField.EREQ, Long.toString(c.requestErrors()));
        set(v, StatField.ECON, Long.toString(c.connectErrors()));
        set(v, StatField.ERESP, Long.toString(c.responseErrors()));
        set(v, StatField.WRETR, Long.toString(c.retries()));
        set(v, StatField.WREDIS, Long.toString(c.redispatches()));
        set(v, StatField.HRSP_1XX, Long.toString(c.responses(1)));
        set(v, StatField.HRSP_2XX, Long.toString(c.responses(2)));
        set(v, StatField.HRSP_3XX, Long.toString(c.responses(3)));
        set(v, StatField.HRSP_4XX, Long.toString(c.responses(4)));
        set(v, StatField.HRSP_5XX, Long.toString(c.responses(5)));
        set(v, StatField.HRSP_OTHER, Long.toString(c.responses(6)));
        long last = c.lastSession();
        set(v, StatField.LASTSESS, last == 0 ? "-1" : Long.toString((now - last) / 1000));
    }

    private static void set(String[] v, StatField f, String value) {
        v[f.ordinal()] = value;
    }
}
