package io.lacquer.core.vcl;

import java.util.EnumSet;
import java.util.Set;

/**
 * The built-in subroutines, each with exactly the returns Varnish 7.1 allows in it (from
 * libvcc's {@code generate.py}) and the default it falls back to. This table is the one source
 * for checking returns at load time and at run time.
 */
public enum Sub {
    RECV("vcl_recv", Action.HASH, EnumSet.of(Action.FAIL, Action.SYNTH, Action.RESTART, Action.PASS, Action.PIPE, Action.HASH, Action.PURGE, Action.VCL)),
    PIPE("vcl_pipe", Action.PIPE, EnumSet.of(Action.FAIL, Action.SYNTH, Action.PIPE)),
    PASS("vcl_pass", Action.FETCH, EnumSet.of(Action.FAIL, Action.SYNTH, Action.RESTART, Action.FETCH)),
    HASH("vcl_hash", Action.LOOKUP, EnumSet.of(Action.FAIL, Action.LOOKUP)),
    PURGE("vcl_purge", Action.SYNTH, EnumSet.of(Action.FAIL, Action.SYNTH, Action.RESTART)),
    MISS("vcl_miss", Action.FETCH, EnumSet.of(Action.FAIL, Action.SYNTH, Action.RESTART, Action.PASS, Action.FETCH)),
    HIT("vcl_hit", Action.DELIVER, EnumSet.of(Action.FAIL, Action.SYNTH, Action.RESTART, Action.PASS, Action.DELIVER)),
    DELIVER("vcl_deliver", Action.DELIVER, EnumSet.of(Action.FAIL, Action.SYNTH, Action.RESTART, Action.DELIVER)),
    SYNTH("vcl_synth", Action.DELIVER, EnumSet.of(Action.FAIL, Action.RESTART, Action.DELIVER)),
    BACKEND_FETCH("vcl_backend_fetch", Action.FETCH, EnumSet.of(Action.FAIL, Action.FETCH, Action.ABANDON, Action.ERROR)),
    BACKEND_RESPONSE("vcl_backend_response", Action.DELIVER,
            EnumSet.of(Action.FAIL, Action.DELIVER, Action.RETRY, Action.ABANDON, Action.PASS, Action.ERROR)),
    BACKEND_ERROR("vcl_backend_error", Action.DELIVER, EnumSet.of(Action.FAIL, Action.DELIVER, Action.RETRY, Action.ABANDON)),
    INIT("vcl_init", Action.OK, EnumSet.of(Action.OK, Action.FAIL)),
    FINI("vcl_fini", Action.OK, EnumSet.of(Action.OK));

    private final String vclName;
    private final Action defaultAction;
    private final Set<Action> legal;

    Sub(String vclName, Action defaultAction, Set<Action> legal) {
        this.vclName = vclName;
        this.defaultAction = defaultAction;
        this.legal = java.util.Collections.unmodifiableSet(legal);
    }

    /** The VCL name, e.g. {@code vcl_recv}. */
    public String vclName() {
        return vclName;
    }

    /** What the builtin policy returns when nothing else did. */
    public Action defaultAction() {
        return defaultAction;
    }

    /** The returns allowed in this subroutine. */
    public Set<Action> legal() {
        return legal;
    }

    /** Whether {@code action} may be returned from this subroutine. */
    public boolean allows(Action action) {
        return legal.contains(action);
    }

    /** Whether this runs on the backend side of a request. */
    public boolean isBackendSide() {
        return this == BACKEND_FETCH || this == BACKEND_RESPONSE || this == BACKEND_ERROR;
    }
}
