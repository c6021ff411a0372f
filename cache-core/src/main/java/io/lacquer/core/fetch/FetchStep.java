package io.lacquer.core.fetch;

/**
 * The states of a backend fetch, in flow order (Varnish's {@code cache_fetch.c}):
 * {@code vcl_backend_fetch → START → vcl_backend_response → BODY → END}, with ERROR
 * ({@code vcl_backend_error}), RETRY and FAIL.
 */
public enum FetchStep {
    /** Run vcl_backend_fetch on the backend request. */
    FETCH_VCL,
    /** Connect, send the request, read the response head, run vcl_backend_response. */
    START,
    /** Stream the body into the busy object. */
    BODY,
    /** Store the complete object and release the connection. */
    END,
    /** Build a synthetic backend response in vcl_backend_error. */
    ERROR,
    /** Count a retry and start again, or give up past max_retries. */
    RETRY,
    /** Give up: the waiting clients get a 503. */
    FAIL,
    /** Finished. */
    DONE
}
