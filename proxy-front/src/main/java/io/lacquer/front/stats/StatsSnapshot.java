package io.lacquer.front.stats;

import java.util.List;

/**
 * The statistics of every proxy at one instant, grouped by proxy in file order.
 *
 * @param proxies one entry per proxy section
 * @param uptimeSeconds seconds since start
 */
public record StatsSnapshot(List<ProxyStats> proxies, long uptimeSeconds) {
    /** Copies the list. */
    public StatsSnapshot {
        proxies = List.copyOf(proxies);
    }

    /**
     * The rows of one proxy: frontend row first, then servers, then the backend row.
     *
     * @param name the proxy's name
     * @param rows its rows
     */
    public record ProxyStats(String name, List<StatsRow> rows) {
        /** Copies the rows. */
        public ProxyStats {
            rows = List.copyOf(rows);
        }
    }

    /** Every row in order. */
    public List<StatsRow> rows() {
        return proxies.stream().flatMap(p -> p.rows().stream()).toList();
    }
}
