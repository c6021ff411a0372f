package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.Sub;

/** The scope of {@code vcl_init} and {@code vcl_fini}: no request, only {@code server}, {@code now}, {@code std}. */
public final class HousekeepingScope extends Scope {
    HousekeepingScope(GroovyVclProgram program, Sub sub) {
        super(program, sub);
    }

    @Override
    String addBan(String expression) {
        return "bans need a request; vcl_init and vcl_fini have none";
    }

    @Override
    long xid() {
        return 0;
    }

    /** {@code server}. */
    public ServerVar getServer() {
        return new ServerVar(program.identity());
    }
}
