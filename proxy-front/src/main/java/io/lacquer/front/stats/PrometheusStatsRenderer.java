package io.lacquer.front.stats;

import io.lacquer.front.route.BackendRuntime;
import io.lacquer.front.route.Topology;
import io.lacquer.front.config.ProxyConfig;
import io.lacquer.front.server.HttpCounters;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.server.ServerStatus;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.function.ToDoubleFunction;

/**
 * Exposes the live counters as Prometheus metrics named after HAProxy's exporter, with the
 * {@code lacquer_front_} prefix ({@code haproxy_server_status} becomes
 * {@code lacquer_front_server_status}).
 */
public final class PrometheusStatsRenderer {
    /** The content type of the text exposition format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String[] CODES = {"1xx", "2xx", "3xx", "4xx", "5xx", "other"};
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** Registers meters for every frontend, backend and server of the topology. */
    public PrometheusStatsRenderer(Topology topology) {
        long start = topology.startedAt();
        Gauge.builder("lacquer_front_process_start_time_seconds", () -> start / 1000.0)
                .description("Start time of the process since the epoch").register(registry);
        for (ProxyConfig p : topology.config().proxies()) {
            Tags px = Tags.of("proxy", p.name());
            if (p.kind().hasFront()) {
                HttpCounters c = topology.frontendCounters(p.name());
                traffic("frontend", px, c);
                counter("lacquer_front_frontend_http_requests", px, c, HttpCounters::total, "HTTP requests received");
                counter("lacquer_front_frontend_requests_denied", px, c, HttpCounters::denied, "Requests denied by rules");
                counter("lacquer_front_frontend_request_errors", px, c, HttpCounters::requestErrors, "Request errors");
                if (p.maxconn() > 0) {
                    Gauge.builder("lacquer_front_frontend_limit_sessions", p, x -> x.maxconn()).tags(px)
                            .description("Configured session limit").strongReference(true).register(registry);
                }
            }
            BackendRuntime b = topology.backend(p.name());
            if (p.kind().hasBack() && b != null) {
                backend(px, b);
                for (ServerState s : b.servers()) {
                    server(px.and("server", s.name()), s);
                }
            }
        }
    }

    private void backend(Tags px, BackendRuntime b) {
        HttpCounters c = b.counters();
        traffic("backend", px, c);
        errors("backend", px, c);
        gauge("lacquer_front_backend_status", px, b, x -> x.up() ? 1 : 0, "Current status of the backend (1 UP, 0 DOWN)");
        gauge("lacquer_front_backend_active_servers", px, b,
                x -> x.servers().stream().filter(s -> !s.config().backup() && s.balanceable()).count(),
                "Active servers that are UP");
        gauge("lacquer_front_backend_backup_servers", px, b,
                x -> x.servers().stream().filter(s -> s.config().backup() && s.balanceable()).count(),
                "Backup servers that are UP");
        gauge("lacquer_front_backend_current_queue", px, b,
                x -> x.servers().stream().mapToInt(s -> s.slots().queued()).sum(), "Requests waiting in queues");
        gauge("lacquer_front_backend_weight", px, b,
                x -> x.servers().stream().filter(ServerState::balanceable).mapToInt(ServerState::weight).sum(),
                "Total weight of the usable servers");
    }

    private void server(Tags t, ServerState s) {
        HttpCounters c = s.counters();
        traffic("server", t, c);
        errors("server", t, c);
        for (ServerStatus st : ServerStatus.values()) {
            gauge("lacquer_front_server_status", t.and("state", st.label()), s, x -> x.status() == st ? 1 : 0,
                    "Current status of the server");
        }
        gauge("lacquer_front_server_current_queue", t, s, x -> x.slots().queued(), "Requests waiting for a slot");
        gauge("lacquer_front_server_max_queue", t, s, x -> x.slots().queueMax(), "Most requests ever waiting");
        gauge("lacquer_front_server_weight", t, s, ServerState::weight, "Effective weight");
        gauge("lacquer_front_server_check_code", t, s, x -> x.lastCheck().code(), "HTTP status of the last check");
        gauge("lacquer_front_server_check_duration_seconds", t, s, x -> x.lastCheck().durationMillis() / 1000.0,
                "Duration of the last check");
        gauge("lacquer_front_server_downtime_seconds_total", t, s, x -> x.downtime() / 1000.0,
                "Time spent DOWN or in MAINT");
        counter("lacquer_front_server_check_failures", t, s, ServerState::checkFailures, "Failed checks");
        counter("lacquer_front_server_check_up_down", t, s, ServerState::checkDowns, "UP to DOWN transitions");
        counter("lacquer_front_server_loadbalanced", t, s, ServerState::lbTotal, "Times chosen by the balancer");
    }

    private void traffic(String level, Tags t, HttpCounters c) {
        String p = "lacquer_front_" + level + "_";
        gauge(p + "current_sessions", t, c, HttpCounters::current, "Requests in progress");
        gauge(p + "max_sessions", t, c, HttpCounters::max, "Most requests ever in progress");
        counter(p + "sessions", t, c, HttpCounters::total, "Requests in total");
        counter(p + "bytes_in", t, c, HttpCounters::bytesIn, "Request bytes received");
        counter(p + "bytes_out", t, c, HttpCounters::bytesOut, "Response bytes sent");
        for (int i = 0; i < CODES.length; i++) {
            int cls = i + 1;
            counter(p + "http_responses", t.and("code", CODES[i]), c, x -> x.responses(cls), "HTTP responses by class");
        }
    }

    private void errors(String level, Tags t, HttpCounters c) {
        String p = "lacquer_front_" + level + "_";
        counter(p + "connection_errors", t, c, HttpCounters::connectErrors, "Failed connections to servers");
        counter(p + "response_errors", t, c, HttpCounters::responseErrors, "Failed or timed-out responses");
        counter(p + "retry_warnings", t, c, HttpCounters::retries, "Connection retries");
        counter(p + "redispatch_warnings", t, c, HttpCounters::redispatches, "Redispatches");
    }

    private <T> void gauge(String name, Tags tags, T obj, ToDoubleFunction<T> fn, String help) {
        Gauge.builder(name, obj, fn).tags(tags).description(help).strongReference(true).register(registry);
    }

    private <T> void counter(String name, Tags tags, T obj, ToDoubleFunction<T> fn, String help) {
        FunctionCounter.builder(name, obj, fn).tags(tags).description(help).register(registry);
    }

    /** Renders the metrics in the Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }
}
