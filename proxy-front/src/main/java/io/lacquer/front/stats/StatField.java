package io.lacquer.front.stats;

/**
 * The columns of HAProxy's CSV statistics (management guide, section 9.1), in their order; the
 * ordinal is the column's index. Fields we do not fill are printed empty, so tools that read
 * columns by position or by name work unchanged.
 */
public enum StatField {
    /** Proxy name. */
    PXNAME("pxname", "proxy name"),
    /** FRONTEND, BACKEND or the server's name. */
    SVNAME("svname", "FRONTEND, BACKEND or the server's name"),
    /** Requests waiting in queue. */
    QCUR("qcur", "requests waiting in queue"),
    /** Most requests ever waiting in queue. */
    QMAX("qmax", "most requests ever waiting in queue"),
    /** Requests in progress. */
    SCUR("scur", "requests in progress"),
    /** Most requests ever in progress. */
    SMAX("smax", "most requests ever in progress"),
    /** Configured request limit (maxconn). */
    SLIM("slim", "configured request limit (maxconn)"),
    /** Requests received in total. */
    STOT("stot", "requests received in total"),
    /** Request bytes in. */
    BIN("bin", "request bytes in"),
    /** Response bytes out. */
    BOUT("bout", "response bytes out"),
    /** Requests denied by rules. */
    DREQ("dreq", "requests denied by rules"),
    /** Responses denied. */
    DRESP("dresp", "responses denied"),
    /** Request errors. */
    EREQ("ereq", "request errors"),
    /** Failed connections to servers. */
    ECON("econ", "failed connections to servers"),
    /** Failed or timed-out responses. */
    ERESP("eresp", "failed or timed-out responses"),
    /** Connection retries. */
    WRETR("wretr", "connection retries"),
    /** Redispatches to another server. */
    WREDIS("wredis", "redispatches to another server"),
    /** State (OPEN, UP, DOWN, NOLB, DRAIN, MAINT). */
    STATUS("status", "state (OPEN, UP, DOWN, NOLB, DRAIN, MAINT)"),
    /** Effective weight. */
    WEIGHT("weight", "effective weight"),
    /** Active servers (1 for an active server). */
    ACT("act", "active servers (1 for an active server)"),
    /** Backup servers (1 for a backup server). */
    BCK("bck", "backup servers (1 for a backup server)"),
    /** Failed checks. */
    CHKFAIL("chkfail", "failed checks"),
    /** UP to DOWN transitions. */
    CHKDOWN("chkdown", "UP to DOWN transitions"),
    /** Seconds since the last state change. */
    LASTCHG("lastchg", "seconds since the last state change"),
    /** Seconds spent down. */
    DOWNTIME("downtime", "seconds spent down"),
    /** Queue limit. */
    QLIMIT("qlimit", "queue limit"),
    /** Process id. */
    PID("pid", "process id"),
    /** Proxy id. */
    IID("iid", "proxy id"),
    /** Server id. */
    SID("sid", "server id"),
    /** Slowstart throttle percentage. */
    THROTTLE("throttle", "slowstart throttle percentage"),
    /** Times selected by the balancer. */
    LBTOT("lbtot", "times selected by the balancer"),
    /** Tracked server. */
    TRACKED("tracked", "tracked server"),
    /** 0 frontend, 1 backend, 2 server, 3 listener. */
    TYPE("type", "0 frontend, 1 backend, 2 server, 3 listener"),
    /** Requests per second over the last second. */
    RATE("rate", "requests per second over the last second"),
    /** Request rate limit. */
    RATE_LIM("rate_lim", "request rate limit"),
    /** Highest request rate. */
    RATE_MAX("rate_max", "highest request rate"),
    /** Last check status. */
    CHECK_STATUS("check_status", "last check status"),
    /** Last check HTTP status. */
    CHECK_CODE("check_code", "last check HTTP status"),
    /** Last check duration in ms. */
    CHECK_DURATION("check_duration", "last check duration in ms"),
    /** 1xx responses. */
    HRSP_1XX("hrsp_1xx", "1xx responses"),
    /** 2xx responses. */
    HRSP_2XX("hrsp_2xx", "2xx responses"),
    /** 3xx responses. */
    HRSP_3XX("hrsp_3xx", "3xx responses"),
    /** 4xx responses. */
    HRSP_4XX("hrsp_4xx", "4xx responses"),
    /** 5xx responses. */
    HRSP_5XX("hrsp_5xx", "5xx responses"),
    /** Responses with another status. */
    HRSP_OTHER("hrsp_other", "responses with another status"),
    /** Failed health-analysis checks. */
    HANAFAIL("hanafail", "failed health-analysis checks"),
    /** HTTP requests per second. */
    REQ_RATE("req_rate", "HTTP requests per second"),
    /** Highest HTTP request rate. */
    REQ_RATE_MAX("req_rate_max", "highest HTTP request rate"),
    /** HTTP requests in total. */
    REQ_TOT("req_tot", "HTTP requests in total"),
    /** Transfers aborted by the client. */
    CLI_ABRT("cli_abrt", "transfers aborted by the client"),
    /** Transfers aborted by the server. */
    SRV_ABRT("srv_abrt", "transfers aborted by the server"),
    /** Bytes fed to the compressor. */
    COMP_IN("comp_in", "bytes fed to the compressor"),
    /** Bytes out of the compressor. */
    COMP_OUT("comp_out", "bytes out of the compressor"),
    /** Bytes that bypassed the compressor. */
    COMP_BYP("comp_byp", "bytes that bypassed the compressor"),
    /** Compressed responses. */
    COMP_RSP("comp_rsp", "compressed responses"),
    /** Seconds since the last request. */
    LASTSESS("lastsess", "seconds since the last request"),
    /** Last check contents or error. */
    LAST_CHK("last_chk", "last check contents or error"),
    /** Last agent check contents. */
    LAST_AGT("last_agt", "last agent check contents"),
    /** Average queue time in ms. */
    QTIME("qtime", "average queue time in ms"),
    /** Average connect time in ms. */
    CTIME("ctime", "average connect time in ms"),
    /** Average response time in ms. */
    RTIME("rtime", "average response time in ms"),
    /** Average total time in ms. */
    TTIME("ttime", "average total time in ms"),
    /** Last agent check status. */
    AGENT_STATUS("agent_status", "last agent check status"),
    /** Last agent check code. */
    AGENT_CODE("agent_code", "last agent check code"),
    /** Last agent check duration. */
    AGENT_DURATION("agent_duration", "last agent check duration"),
    /** Description of the last check status. */
    CHECK_DESC("check_desc", "description of the last check status"),
    /** Description of the last agent check status. */
    AGENT_DESC("agent_desc", "description of the last agent check status"),
    /** Checks needed to go UP. */
    CHECK_RISE("check_rise", "checks needed to go UP"),
    /** Checks needed to go DOWN. */
    CHECK_FALL("check_fall", "checks needed to go DOWN"),
    /** Health counter. */
    CHECK_HEALTH("check_health", "health counter"),
    /** Agent checks needed to go UP. */
    AGENT_RISE("agent_rise", "agent checks needed to go UP"),
    /** Agent checks needed to go DOWN. */
    AGENT_FALL("agent_fall", "agent checks needed to go DOWN"),
    /** Agent health counter. */
    AGENT_HEALTH("agent_health", "agent health counter"),
    /** Server address. */
    ADDR("addr", "server address"),
    /** Persistence cookie value or name. */
    COOKIE("cookie", "persistence cookie value or name"),
    /** Proxy mode. */
    MODE("mode", "proxy mode"),
    /** Balancing algorithm. */
    ALGO("algo", "balancing algorithm"),
    /** Connections per second. */
    CONN_RATE("conn_rate", "connections per second"),
    /** Highest connection rate. */
    CONN_RATE_MAX("conn_rate_max", "highest connection rate"),
    /** Connections in total. */
    CONN_TOT("conn_tot", "connections in total"),
    /** Requests answered by the front itself. */
    INTERCEPTED("intercepted", "requests answered by the front itself"),
    /** Connections denied. */
    DCON("dcon", "connections denied"),
    /** Sessions denied. */
    DSES("dses", "sessions denied"),
    /** Failed header rewrites. */
    WREW("wrew", "failed header rewrites"),
    /** Connection attempts to servers. */
    CONNECT("connect", "connection attempts to servers"),
    /** Reused server connections. */
    REUSE("reuse", "reused server connections"),
    /** Cache lookups. */
    CACHE_LOOKUPS("cache_lookups", "cache lookups"),
    /** Cache hits. */
    CACHE_HITS("cache_hits", "cache hits"),
    /** Idle server connections. */
    SRV_ICUR("srv_icur", "idle server connections"),
    /** Idle server connection limit. */
    SRC_ILIM("src_ilim", "idle server connection limit"),
    /** Longest queue time in ms. */
    QTIME_MAX("qtime_max", "longest queue time in ms"),
    /** Longest connect time in ms. */
    CTIME_MAX("ctime_max", "longest connect time in ms"),
    /** Longest response time in ms. */
    RTIME_MAX("rtime_max", "longest response time in ms"),
    /** Longest total time in ms. */
    TTIME_MAX("ttime_max", "longest total time in ms"),
    /** Internal errors. */
    EINT("eint", "internal errors"),
    /** Unsafe idle connections. */
    IDLE_CONN_CUR("idle_conn_cur", "unsafe idle connections"),
    /** Safe idle connections. */
    SAFE_CONN_CUR("safe_conn_cur", "safe idle connections"),
    /** Connections in use. */
    USED_CONN_CUR("used_conn_cur", "connections in use"),
    /** Connections needed. */
    NEED_CONN_EST("need_conn_est", "connections needed"),
    /** Configured weight. */
    UWEIGHT("uweight", "configured weight"),
    /** Aggregated server status. */
    AGG_SERVER_STATUS("agg_server_status", "aggregated server status"),
    /** Aggregated check status (deprecated). */
    AGG_SERVER_CHECK_STATUS("agg_server_check_status", "aggregated check status (deprecated)"),
    /** Aggregated check status. */
    AGG_CHECK_STATUS("agg_check_status", "aggregated check status");

    private final String column;
    private final String description;

    StatField(String column, String description) {
        this.column = column;
        this.description = description;
    }

    /** The CSV column name. */
    public String column() {
        return column;
    }

    /** What the field counts. */
    public String description() {
        return description;
    }
}
