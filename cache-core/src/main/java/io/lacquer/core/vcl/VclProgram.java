package io.lacquer.core.vcl;

import io.lacquer.core.backend.Director;

/**
 * A loaded policy: one method per VCL subroutine, each returning the action that picks the next
 * step. A policy that has nothing to say in a subroutine returns what the builtin policy would
 * (implementations usually delegate to {@link BuiltinVcl}). Implementations are immutable and
 * thread-safe: one program serves many requests at once, and a request keeps the program it
 * started with until it finishes.
 */
public interface VclProgram {
    /** The policy's name ({@code boot} for the one a node starts with). */
    String name();

    /** The backend or director requests start with ({@code req.backend_hint}); null for none. */
    Director defaultBackend();

    /** The requests and fetches running on this policy now; the engine counts them. */
    BusyCount busy();

    /**
     * Whether vcl_recv may return {@code vcl(label)}. Requests on such a policy keep a copy of the
     * request as it arrived, for the rollback the switch makes; others pay nothing for it.
     */
    default boolean returnsVcl() {
        return false;
    }

    /** {@code vcl_recv}: the request arrived. */
    Action recv(ClientContext ctx);

    /** {@code vcl_hash}: add the inputs that identify the object. */
    Action hash(ClientContext ctx);

    /** {@code vcl_hit}: a stored object was found (fresh, or stale within grace). */
    Action hit(ClientContext ctx);

    /** {@code vcl_miss}: nothing usable was found; the object will be fetched. */
    Action miss(ClientContext ctx);

    /** {@code vcl_pass}: the request goes to the backend without the cache. */
    Action pass(ClientContext ctx);

    /** {@code vcl_pipe}: the request and its connection go to the backend as they are. */
    Action pipe(ClientContext ctx);

    /** {@code vcl_purge}: the object and its variants were evicted. */
    Action purge(ClientContext ctx);

    /** {@code vcl_deliver}: the response is about to be sent. */
    Action deliver(ClientContext ctx);

    /** {@code vcl_synth}: a synthetic response is about to be sent. */
    Action synth(ClientContext ctx);

    /** {@code vcl_backend_fetch}: the backend request is about to be sent. */
    Action backendFetch(BackendContext ctx);

    /** {@code vcl_backend_response}: the backend's response headers arrived. */
    Action backendResponse(BackendContext ctx);

    /** {@code vcl_backend_error}: the fetch failed; build a synthetic backend response. */
    Action backendError(BackendContext ctx);
}
