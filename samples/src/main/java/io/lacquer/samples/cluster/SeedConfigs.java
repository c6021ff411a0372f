package io.lacquer.samples.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The seed's cache policy, front and Prometheus configuration, as shipped in {@code samples}, with the ports
 * of a {@link ClusterPorts} layout. The shipped files name the canonical ports; both fronts run
 * the same file, and on one machine the second front's listeners are moved to its own ports.
 */
public final class SeedConfigs {
    /** The shipped policy. */
    public static final String POLICY = "/io/lacquer/samples/policy/default.vcl.groovy";
    /** The shipped front configuration. */
    public static final String FRONT = "/io/lacquer/samples/front/cluster-front.cfg";
    /** The shipped Prometheus scrape configuration. */
    public static final String PROMETHEUS = "/io/lacquer/samples/monitoring/prometheus.yml";
    /** The shipped Grafana dashboard. */
    public static final String DASHBOARD = "/io/lacquer/samples/monitoring/grafana-dashboard.json";

    private SeedConfigs() {
    }

    /** The cache policy, naming the web servers of {@code ports}. */
    public static String policy(ClusterPorts ports) {
        Map<String, String> moves = new LinkedHashMap<>();
        for (int n = 1; n <= 2; n++) {
            moves.put("port: " + ClusterPorts.CANONICAL.staticServer(n), "port: " + ports.staticServer(n));
            moves.put("port: " + ClusterPorts.CANONICAL.dynamicServer(n), "port: " + ports.dynamicServer(n));
        }
        return rewrite(POLICY, moves);
    }

    /** The configuration of front {@code n}, with its listeners and the cache nodes of {@code ports}. */
    public static String front(ClusterPorts ports, int n) {
        ClusterPorts c = ClusterPorts.CANONICAL;
        Map<String, String> moves = new LinkedHashMap<>();
        moves.put("bind 127.0.0.1:" + c.front(1), "bind 127.0.0.1:" + ports.front(n));
        moves.put("bind 127.0.0.1:" + c.stats(1), "bind 127.0.0.1:" + ports.stats(n));
        moves.put("127.0.0.1:" + c.cache(1) + " ", "127.0.0.1:" + ports.cache(1) + " ");
        moves.put("127.0.0.1:" + c.cache(2) + " ", "127.0.0.1:" + ports.cache(2) + " ");
        return rewrite(FRONT, moves);
    }

    /** The Prometheus scrape configuration, naming the metrics addresses of {@code ports}. */
    public static String prometheus(ClusterPorts ports) {
        ClusterPorts c = ClusterPorts.CANONICAL;
        Map<String, String> moves = new LinkedHashMap<>();
        for (int n = 1; n <= 2; n++) {
            moves.put("'127.0.0.1:" + c.metrics(n) + "'", "'127.0.0.1:" + ports.metrics(n) + "'");
            moves.put("'127.0.0.1:" + c.stats(n) + "'", "'127.0.0.1:" + ports.stats(n) + "'");
        }
        return rewrite(PROMETHEUS, moves);
    }

    /** The text of a shipped file. */
    public static String resource(String name) {
        try (InputStream in = SeedConfigs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // every port must be found, so a changed file fails here instead of starting a wrong cluster;
    // all are placed at once, so a port moved onto another canonical one is not moved twice
    private static String rewrite(String name, Map<String, String> moves) {
        String text = resource(name);
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        for (String from : moves.keySet()) {
            if (!text.contains(from)) {
                throw new IllegalStateException(name + " no longer contains \"" + from.trim() + "\"");
            }
        }
        outer:
        while (i < text.length()) {
            for (Map.Entry<String, String> m : moves.entrySet()) {
                if (text.startsWith(m.getKey(), i)) {
                    out.append(m.getValue());
                    i += m.getKey().length();
                    continue outer;
                }
            }
            out.append(text.charAt(i++));
        }
        return out.toString();
    }
}
