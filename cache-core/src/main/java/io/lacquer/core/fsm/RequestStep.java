package io.lacquer.core.fsm;

/** The client-side states of a request, in flow order (Varnish's {@code REQ_STEPS}). */
public enum RequestStep {
    /** Count a restart and go back to RECV, or give up past max_restarts. */
    RESTART,
    /** vcl_recv, then vcl_hash when the request is to be looked up or purged. */
    RECV,
    /** vcl_pipe, then relay the request and close. */
    PIPE,
    /** vcl_pass, then fetch without the cache. */
    PASS,
    /** Find the object, or wait for the fetch of it under way. */
    LOOKUP,
    /** Evict the object with all its variants, then vcl_purge. */
    PURGE,
    /** vcl_miss, then fetch. */
    MISS,
    /** Start the backend fetch and wait for its response head. */
    FETCH,
    /** vcl_deliver, then send the object. */
    DELIVER,
    /** The policy failed: a 503 and the connection is closed. */
    VCL_FAIL,
    /** vcl_synth, then send the synthetic response. */
    SYNTH,
    /** Done. */
    FINISH
}
