package io.lacquer.core.vcl;

/** What a client-side subroutine can reach: the request, the response, the object, and hashing. */
public interface ClientContext {
    /** {@code req}. */
    ReqView req();

    /** {@code resp}: valid in vcl_deliver and vcl_synth. */
    RespView resp();

    /** {@code obj}: the object found, in vcl_hit and vcl_deliver; null elsewhere. */
    ObjView obj();

    /** {@code hash_data()}: adds an input to the object's hash; only in vcl_hash. */
    void hashData(String data);

    /** Prepares {@code return(synth(status, reason))} and returns {@link Action#SYNTH}. */
    Action synth(int status, String reason);

    /**
     * Prepares {@code return(vcl(label))} and returns {@link Action#VCL}: the request will go on with
     * the policy {@code label} points at, in its vcl_recv, rolled back to how it arrived.
     */
    default Action vcl(VclLabel label) {
        throw new UnsupportedOperationException("return vcl(" + label.name() + ") needs a cache node's labels");
    }

    /** {@code server.identity}. */
    String serverIdentity();

    /**
     * {@code ban(expression)}: adds a ban to the node's list, e.g.
     * {@code obj.http.x-url ~ ^/news && obj.status == 200}; returns null, or why it was refused.
     */
    String ban(String expression);
}
