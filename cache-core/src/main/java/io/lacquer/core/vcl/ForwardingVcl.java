package io.lacquer.core.vcl;

import io.lacquer.core.backend.Director;

import static java.util.Objects.requireNonNull;

/**
 * A policy that forwards every subroutine to another one, for policies written in Java that
 * change only a few subroutines and fall through to the rest (usually {@link BuiltinVcl}).
 */
public class ForwardingVcl implements VclProgram {
    private final VclProgram next;
    private final BusyCount busy = new BusyCount();

    /** Forwards to {@code next}. */
    protected ForwardingVcl(VclProgram next) {
        this.next = requireNonNull(next, "next");
    }

    @Override
    public String name() {
        return next.name();
    }

    @Override
    public Director defaultBackend() {
        return next.defaultBackend();
    }

    /** This policy's own count: it is a policy of its own, whatever it forwards to. */
    @Override
    public BusyCount busy() {
        return busy;
    }

    @Override
    public boolean returnsVcl() {
        return next.returnsVcl();
    }

    @Override
    public Action recv(ClientContext ctx) {
        return next.recv(ctx);
    }

    @Override
    public Action hash(ClientContext ctx) {
        return next.hash(ctx);
    }

    @Override
    public Action hit(ClientContext ctx) {
        return next.hit(ctx);
    }

    @Override
    public Action miss(ClientContext ctx) {
        return next.miss(ctx);
    }

    @Override
    public Action pass(ClientContext ctx) {
        return next.pass(ctx);
    }

    @Override
    public Action pipe(ClientContext ctx) {
        return next.pipe(ctx);
    }

    @Override
    public Action purge(ClientContext ctx) {
        return next.purge(ctx);
    }

    @Override
    public Action deliver(ClientContext ctx) {
        return next.deliver(ctx);
    }

    @Override
    public Action synth(ClientContext ctx) {
        return next.synth(ctx);
    }

    @Override
    public Action backendFetch(BackendContext ctx) {
        return next.backendFetch(ctx);
    }

    @Override
    public Action backendResponse(BackendContext ctx) {
        return next.backendResponse(ctx);
    }

    @Override
    public Action backendError(BackendContext ctx) {
        return next.backendError(ctx);
    }
}
