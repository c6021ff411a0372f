package io.lacquer.core.stats;

/**
 * The counters a node keeps, with varnishstat's names and one-line descriptions. Exported as
 * {@code lacquer_main_<name>} (Prometheus adds {@code _total} to counters).
 */
public enum Counter {
    SESS_CONN("sess_conn", Kind.COUNTER, "Sessions accepted"),
    CLIENT_REQ("client_req", Kind.COUNTER, "Good client requests received"),
    CLIENT_REQ_400("client_req_400", Kind.COUNTER, "Client requests received, subject to 400 errors"),
    CLIENT_REQ_417("client_req_417", Kind.COUNTER, "Client requests received, subject to 417 errors"),
    CACHE_HIT("cache_hit", Kind.COUNTER, "Cache hits"),
    CACHE_HIT_GRACE("cache_hit_grace", Kind.COUNTER, "Cache grace hits"),
    CACHE_HITPASS("cache_hitpass", Kind.COUNTER, "Cache hits for pass"),
    CACHE_HITMISS("cache_hitmiss", Kind.COUNTER, "Cache hits for miss"),
    CACHE_MISS("cache_miss", Kind.COUNTER, "Cache misses"),
    BACKEND_CONN("backend_conn", Kind.COUNTER, "Backend connections opened"),
    BACKEND_REUSE("backend_reuse", Kind.COUNTER, "Backend connections reused"),
    BACKEND_RECYCLE("backend_recycle", Kind.COUNTER, "Backend connections recycled into the pool"),
    BACKEND_FAIL("backend_fail", Kind.COUNTER, "Backend connection failures"),
    BACKEND_RETRY("backend_retry", Kind.COUNTER, "Backend connection retries"),
    FETCH_FAILED("fetch_failed", Kind.COUNTER, "Fetch failed (all causes)"),
    S_SYNTH("s_synth", Kind.COUNTER, "Total synthetic responses made"),
    S_PIPE("s_pipe", Kind.COUNTER, "Total pipe sessions seen"),
    S_PASS("s_pass", Kind.COUNTER, "Total passed requests seen"),
    S_FETCH("s_fetch", Kind.COUNTER, "Total backend fetches initiated"),
    S_BGFETCH("s_bgfetch", Kind.COUNTER, "Total backend background fetches initiated"),
    S_RESP_BODYBYTES("s_resp_bodybytes", Kind.COUNTER, "Total response body bytes"),
    N_EXPIRED("n_expired", Kind.COUNTER, "Number of expired objects"),
    N_LRU_NUKED("n_lru_nuked", Kind.COUNTER, "Number of LRU nuked objects"),
    N_PURGES("n_purges", Kind.COUNTER, "Number of purge operations executed"),
    BANS("bans", Kind.GAUGE, "Count of bans"),
    BANS_OBJ("bans_obj", Kind.GAUGE, "Number of bans using obj.*"),
    BANS_REQ("bans_req", Kind.GAUGE, "Number of bans using req.*"),
    BANS_ADDED("bans_added", Kind.COUNTER, "Bans added"),
    BANS_DELETED("bans_deleted", Kind.COUNTER, "Bans deleted"),
    BANS_COMPLETED("bans_completed", Kind.COUNTER, "Number of bans marked 'completed'"),
    BANS_DUPS("bans_dups", Kind.COUNTER, "Bans superseded by other bans"),
    BANS_TESTED("bans_tested", Kind.COUNTER, "Bans tested against objects (lookup)"),
    BANS_OBJ_KILLED("bans_obj_killed", Kind.COUNTER, "Objects killed by bans (lookup)"),
    BANS_LURKER_TESTED("bans_lurker_tested", Kind.COUNTER, "Bans tested against objects (lurker)"),
    BANS_LURKER_OBJ_KILLED("bans_lurker_obj_killed", Kind.COUNTER, "Objects killed by bans (lurker)"),
    N_OBJ_PURGED("n_obj_purged", Kind.COUNTER, "Number of purged objects"),
    BUSY_SLEEP("busy_sleep", Kind.COUNTER, "Number of requests sent to sleep on busy objhdr"),
    BUSY_WAKEUP("busy_wakeup", Kind.COUNTER, "Number of requests woken after sleep on busy objhdr"),
    VCL_FAIL("vcl_fail", Kind.COUNTER, "VCL failures"),
    STORE_FAIL("store_fail", Kind.COUNTER, "Objects delivered but not stored because the store refused them"),
    N_OBJECT("n_object", Kind.GAUGE, "object structs made");

    /** Whether the value only grows or goes up and down. */
    public enum Kind { COUNTER, GAUGE }

    private final String id;
    private final Kind kind;
    private final String description;

    Counter(String id, Kind kind, String description) {
        this.id = id;
        this.kind = kind;
        this.description = description;
    }

    /** The varnishstat name, without the {@code MAIN.} prefix. */
    public String id() {
        return id;
    }

    /** Counter or gauge. */
    public Kind kind() {
        return kind;
    }

    /** varnishstat's one-line description. */
    public String description() {
        return description;
    }
}
