package io.lacquer.core.config;

/**
 * The run-time parameters a node understands, with varnishd's names, defaults and units. This
 * table is the one source for parsing {@code -p}, listing and documenting them.
 */
public enum Param {
    DEFAULT_TTL("default_ttl", Unit.SECONDS, "120", "0",
            "The TTL assigned to objects if neither the backend nor the policy assigns one."),
    DEFAULT_GRACE("default_grace", Unit.SECONDS, "10", "0",
            "Default grace period: how long an object may be served stale while it is refreshed."),
    DEFAULT_KEEP("default_keep", Unit.SECONDS, "0", "0",
            "Default keep period: how long an object is kept past grace, for conditional revalidation."),
    CONNECT_TIMEOUT("connect_timeout", Unit.SECONDS, "3.5", "0",
            "Default connection timeout for backend connections."),
    FIRST_BYTE_TIMEOUT("first_byte_timeout", Unit.SECONDS, "60", "0",
            "Default timeout for receiving the first byte from a backend."),
    BETWEEN_BYTES_TIMEOUT("between_bytes_timeout", Unit.SECONDS, "60", "0",
            "Default timeout between bytes received from a backend."),
    BACKEND_IDLE_TIMEOUT("backend_idle_timeout", Unit.SECONDS, "60", "1",
            "Timeout before an idle pooled backend connection is closed."),
    MAX_RESTARTS("max_restarts", Unit.RESTARTS, "4", "0",
            "Upper limit on how many times a request can restart."),
    MAX_RETRIES("max_retries", Unit.RETRIES, "4", "0",
            "Upper limit on how many times a backend fetch can retry."),
    HTTP_REQ_SIZE("http_req_size", Unit.BYTES, "32k", "256",
            "Maximum size of the request line and headers together."),
    HTTP_RESP_SIZE("http_resp_size", Unit.BYTES, "32k", "256",
            "Maximum size of a backend response's status line and headers together."),
    HTTP_MAX_HDR("http_max_hdr", Unit.HEADER_LINES, "64", "32",
            "Maximum number of header lines in a request or a backend response."),
    TIMEOUT_IDLE("timeout_idle", Unit.SECONDS, "5", "0",
            "Idle timeout for client connections: a connection is idle until a request's head has fully arrived."),
    SEND_TIMEOUT("send_timeout", Unit.SECONDS, "600", "0",
            "Total timeout for responses: when idle_send_timeout is hit, the wait goes on unless the response "
                    + "began more than this long ago; then the connection is closed."),
    IDLE_SEND_TIMEOUT("idle_send_timeout", Unit.SECONDS, "60", "0",
            "Send timeout for individual pieces of data on client connections: how long a response may wait for "
                    + "the client to take some, before send_timeout is looked at; 0 means for ever."),
    PIPE_TIMEOUT("pipe_timeout", Unit.SECONDS, "60", "0",
            "Idle timeout for piped sessions: if the backend sends nothing of its answer, or the client nothing "
                    + "of its request body, for this long, the session is closed (first_byte_timeout, "
                    + "between_bytes_timeout and timeout_idle do not apply); 0 means for ever."),
    SHORTLIVED("shortlived", Unit.SECONDS, "10", "0",
            "Objects whose ttl + grace + keep is below this are not worth a place in the store."),
    BAN_LURKER_AGE("ban_lurker_age", Unit.SECONDS, "60", "0",
            "The ban lurker applies only bans that have been in the list this long."),
    BAN_LURKER_SLEEP("ban_lurker_sleep", Unit.SECONDS, "1", "0.01",
            "How long the ban lurker sleeps between passes over the stored objects."),
    CDN_CACHE_CONTROL("cdn_cache_control", Unit.BOOLEAN, "on", "off",
            "Honour CDN-Cache-Control (RFC 9213) over Cache-Control for this cache's own decisions."),
    REQ_CACHE_CONTROL("req_cache_control", Unit.BOOLEAN, "on", "off",
            "Honour the client's Cache-Control and Pragma request directives (RFC 9111 5.2.1): no-cache, max-age, "
                    + "only-if-cached and the others. Off ignores them, as varnishd does, so that no client can send "
                    + "a request past a fresh object to the backend."),
    IO_THREADS("io_threads", Unit.THREADS, "0", "0",
            "Event-loop threads that accept requests and serve hits; 0 means one per core. Read at start."),
    WORKER_THREADS("worker_threads", Unit.THREADS, "200", "1",
            "Threads for blocking client work: streaming deliveries, request bodies, pipes. Read at start.");

    /** How a value is written and shown. */
    public enum Unit {
        SECONDS("seconds"), BYTES("bytes"), RESTARTS("restarts"), RETRIES("retries"), HEADER_LINES("header lines"),
        THREADS("threads"), BOOLEAN("bool");

        private final String label;

        Unit(String label) {
            this.label = label;
        }

        /** The unit as {@code param.show} prints it. */
        public String label() {
            return label;
        }
    }

    private final String id;
    private final Unit unit;
    private final String defaultText;
    private final String minText;
    private final String description;

    Param(String id, Unit unit, String defaultText, String minText, String description) {
        this.id = id;
        this.unit = unit;
        this.defaultText = defaultText;
        this.minText = minText;
        this.description = description;
    }

    /** The parameter's name, as typed after {@code -p}. */
    public String id() {
        return id;
    }

    /** Its unit. */
    public Unit unit() {
        return unit;
    }

    /** Its default value, as text. */
    public String defaultText() {
        return defaultText;
    }

    /** A one-paragraph description. */
    public String description() {
        return description;
    }

    /** The smallest value accepted, as text. */
    String minText() {
        return minText;
    }

    /** The smallest value accepted, in the parameter's base unit (seconds, bytes, count). */
    public double min() {
        return parse(minText);
    }

    /** The parameter named {@code id}, or null. */
    public static Param byId(String id) {
        for (Param p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        return null;
    }

    /**
     * Parses a value in this parameter's unit: seconds take a plain number or a VCL duration
     * ({@code 1.5}, {@code 500ms}, {@code 2m}); bytes take k/m/g suffixes; counts are whole numbers.
     * Throws IllegalArgumentException with varnishd's message.
     */
    public double parse(String text) {
        String t = text.trim();
        try {
            return switch (unit) {
                case SECONDS -> Durations.parseSeconds(t);
                case BYTES -> (double) io.lacquer.storage.StorageSpec.parseSize(t);
                case BOOLEAN -> switch (t.toLowerCase(java.util.Locale.ROOT)) {
                    case "on", "true", "enable" -> 1.0;
                    case "off", "false", "disable" -> 0.0;
                    default -> throw new IllegalArgumentException(t);
                };
                default -> {
                    long n = Long.parseLong(t);
                    yield (double) n;
                }
            };
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid number (" + text + ")");
        }
    }
}
