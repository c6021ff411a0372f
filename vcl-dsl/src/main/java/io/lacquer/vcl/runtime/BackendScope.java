package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.backend.director.BoundDirector;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.BackendContext;
import io.lacquer.core.vcl.Sub;

import java.time.Duration;

/** The scope of a backend-side subroutine ({@code vcl_backend_fetch}, {@code _response}, {@code _error}). */
public final class BackendScope extends Scope {
    private final BackendContext ctx;
    private BereqVar bereq;
    private BerespVar beresp;

    BackendScope(GroovyVclProgram program, Sub sub, BackendContext ctx) {
        super(program, sub);
        this.ctx = ctx;
    }

    @Override
    String addBan(String expression) {
        return ctx.ban(expression);
    }

    @Override
    long xid() {
        return ctx.bereq().xid();
    }

    /** {@code bereq}. */
    public BereqVar getBereq() {
        if (bereq == null) {
            bereq = new BereqVar(ctx.bereq(), program.declarations());
        }
        return bereq;
    }

    /** {@code beresp} (vcl_backend_response, vcl_backend_error). */
    public BerespVar getBeresp() {
        if (beresp == null) {
            beresp = new BerespVar(ctx.beresp(), backendName(ctx.bereq().backend()));
        }
        return beresp;
    }

    /** {@code client}: the client request the fetch is for, as it was when the fetch started. */
    public ClientVar getClient() {
        return new ClientVar(ctx.bereq());
    }

    /** {@code server}. */
    public ServerVar getServer() {
        return new ServerVar(ctx.serverIdentity(), ctx.bereq());
    }

    /** {@code remote}: without the PROXY protocol, the client. */
    public ClientVar getRemote() {
        return new ClientVar(ctx.bereq());
    }

    /** {@code local}: the address the client request arrived on. */
    public ServerVar getLocal() {
        return new ServerVar(ctx.serverIdentity(), ctx.bereq());
    }

    /** {@code return error(status)}. */
    public Action error(int status) {
        return ctx.error(status, null);
    }

    /** {@code return error(status, reason)}. */
    public Action error(int status, String reason) {
        return ctx.error(status, reason);
    }

    /** {@code return pass(duration)}: a hit-for-pass object for that long (vcl_backend_response). */
    public Action pass(Duration duration) {
        return ctx.passFor(Durations.seconds(duration));
    }

    /** {@code synthetic(body)}: the body of a backend synthetic response (vcl_backend_error). */
    public void synthetic(String body) {
        ctx.beresp().body(body);
    }

    /** {@code call name}: runs custom subroutine {@code index}; its return, if any, ends the caller. */
    public Action call(int index) {
        return program.backendSub(index).run(this);
    }

    private static String backendName(Director d) {
        if (d instanceof BoundDirector bound) {
            Backend b = bound.lastResolved();
            return b != null ? b.name() : bound.name();
        }
        return d == null ? null : d.name();
    }
}
