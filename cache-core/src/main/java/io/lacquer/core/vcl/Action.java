package io.lacquer.core.vcl;

/** What a subroutine returns: the next step of the request or the fetch (VCL's {@code return(…)}). */
public enum Action {
    /** Go to synth with 503 "VCL Failed". */
    FAIL,
    /** Go to synth with the status and reason the policy set. */
    SYNTH,
    /** Run vcl_recv again. */
    RESTART,
    /** Fetch from the backend without looking up or storing. */
    PASS,
    /** Shuttle the request to the backend and the response back, then close. */
    PIPE,
    /** Go on to vcl_hash. */
    HASH,
    /** Look up the hash and evict the object with all its variants. */
    PURGE,
    /** Go on in vcl_recv of the policy a label points at, with the request as it arrived (vcl_recv only). */
    VCL,
    /** Look the hash up in the cache. */
    LOOKUP,
    /** Fetch from the backend. */
    FETCH,
    /** Deliver the object or response. */
    DELIVER,
    /** Fetch again from the backend. */
    RETRY,
    /** Give up the fetch; the client gets a 503. */
    ABANDON,
    /** Go to vcl_backend_error with the status and reason the policy set. */
    ERROR,
    /** vcl_init/vcl_fini success. */
    OK;

    /** The VCL spelling, as in {@code return(hash)}. */
    public String vclName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
