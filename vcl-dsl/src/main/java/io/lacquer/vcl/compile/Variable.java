package io.lacquer.vcl.compile;

import io.lacquer.core.vcl.Sub;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The variables a policy can name, each with the subroutines that may read and write it
 * (reference §1.4, {@code vcl-var(7)}). This table is what the compiler checks every access
 * against, and what the language documentation lists.
 */
public enum Variable {
    CLIENT_IP("client.ip", Sets.CLIENT_BACKEND, Sets.NONE),
    CLIENT_IDENTITY("client.identity", Sets.CLIENT_BACKEND, Sets.CLIENT),
    SERVER_IP("server.ip", Sets.CLIENT_BACKEND, Sets.NONE),
    REMOTE_IP("remote.ip", Sets.CLIENT_BACKEND, Sets.NONE),
    LOCAL_IP("local.ip", Sets.CLIENT_BACKEND, Sets.NONE),
    SERVER_IDENTITY("server.identity", Sets.ALL, Sets.NONE),
    SERVER_HOSTNAME("server.hostname", Sets.ALL, Sets.NONE),
    NOW("now", Sets.ALL, Sets.NONE),
    STD("std", Sets.ALL, Sets.NONE),

    REQ_URL("req.url", Sets.CLIENT, Sets.CLIENT),
    REQ_METHOD("req.method", Sets.CLIENT, Sets.CLIENT),
    REQ_HTTP("req.http", Sets.CLIENT, Sets.CLIENT),
    REQ_BACKEND_HINT("req.backend_hint", Sets.CLIENT, Sets.CLIENT),
    REQ_BACKEND("req.backend", Sets.CLIENT, Sets.CLIENT),
    REQ_HASH_ALWAYS_MISS("req.hash_always_miss", Sets.CLIENT, Sets.CLIENT),
    REQ_HASH_IGNORE_BUSY("req.hash_ignore_busy", Sets.CLIENT, Sets.CLIENT),
    REQ_PROTO("req.proto", Sets.CLIENT, Sets.NONE),
    REQ_RESTARTS("req.restarts", Sets.CLIENT, Sets.NONE),
    REQ_XID("req.xid", Sets.CLIENT, Sets.NONE),
    REQ_TTL("req.ttl", Sets.CLIENT, Sets.CLIENT),
    REQ_GRACE("req.grace", Sets.CLIENT, Sets.CLIENT),
    REQ_IS_HITMISS("req.is_hitmiss", Sets.CLIENT, Sets.NONE),
    REQ_IS_HITPASS("req.is_hitpass", Sets.CLIENT, Sets.NONE),
    REQ_ESI_LEVEL("req.esi_level", Sets.CLIENT, Sets.NONE),
    REQ_CAN_GZIP("req.can_gzip", Sets.CLIENT, Sets.NONE),

    BEREQ_URL("bereq.url", Sets.PIPE_BACKEND, Sets.PIPE_BACKEND),
    BEREQ_METHOD("bereq.method", Sets.PIPE_BACKEND, Sets.PIPE_BACKEND),
    BEREQ_HTTP("bereq.http", Sets.PIPE_BACKEND, Sets.PIPE_BACKEND),
    BEREQ_BACKEND("bereq.backend", Sets.PIPE_BACKEND, Sets.PIPE_BACKEND),
    BEREQ_BODY("bereq.body", Sets.NONE, EnumSet.of(Sub.BACKEND_FETCH)),
    BEREQ_CONNECT_TIMEOUT("bereq.connect_timeout", Sets.BACKEND, Sets.BACKEND),
    BEREQ_FIRST_BYTE_TIMEOUT("bereq.first_byte_timeout", Sets.BACKEND, Sets.BACKEND),
    BEREQ_BETWEEN_BYTES_TIMEOUT("bereq.between_bytes_timeout", Sets.BACKEND, Sets.BACKEND),
    BEREQ_RETRIES("bereq.retries", Sets.BACKEND, Sets.NONE),
    BEREQ_UNCACHEABLE("bereq.uncacheable", Sets.BACKEND, Sets.NONE),
    BEREQ_IS_BGFETCH("bereq.is_bgfetch", Sets.BACKEND, Sets.NONE),
    BEREQ_XID("bereq.xid", Sets.BACKEND, Sets.NONE),
    BEREQ_PROTO("bereq.proto", Sets.PIPE_BACKEND, Sets.NONE),

    BERESP_STATUS("beresp.status", Sets.BERESP, Sets.BERESP),
    BERESP_REASON("beresp.reason", Sets.BERESP, Sets.BERESP),
    BERESP_HTTP("beresp.http", Sets.BERESP, Sets.BERESP),
    BERESP_TTL("beresp.ttl", Sets.BERESP, Sets.BERESP),
    BERESP_GRACE("beresp.grace", Sets.BERESP, Sets.BERESP),
    BERESP_KEEP("beresp.keep", Sets.BERESP, Sets.BERESP),
    BERESP_UNCACHEABLE("beresp.uncacheable", Sets.BERESP, Sets.BERESP),
    BERESP_AGE("beresp.age", Sets.BERESP, Sets.NONE),
    BERESP_BACKEND("beresp.backend", Sets.BERESP, Sets.NONE),
    BERESP_WAS_304("beresp.was_304", Sets.BERESP, Sets.NONE),
    BERESP_BODY("beresp.body", Sets.NONE, EnumSet.of(Sub.BACKEND_ERROR)),

    OBJ_TTL("obj.ttl", Sets.HIT_DELIVER, Sets.NONE),
    OBJ_GRACE("obj.grace", Sets.HIT_DELIVER, Sets.NONE),
    OBJ_KEEP("obj.keep", Sets.HIT_DELIVER, Sets.NONE),
    OBJ_AGE("obj.age", Sets.HIT_DELIVER, Sets.NONE),
    OBJ_HITS("obj.hits", Sets.HIT_DELIVER, Sets.NONE),
    OBJ_STATUS("obj.status", EnumSet.of(Sub.HIT), Sets.NONE),
    OBJ_HTTP("obj.http", EnumSet.of(Sub.HIT), Sets.NONE),
    OBJ_UNCACHEABLE("obj.uncacheable", EnumSet.of(Sub.DELIVER), Sets.NONE),

    RESP_STATUS("resp.status", Sets.RESP, Sets.RESP),
    RESP_REASON("resp.reason", Sets.RESP, Sets.RESP),
    RESP_HTTP("resp.http", Sets.RESP, Sets.RESP),
    RESP_BODY("resp.body", Sets.NONE, EnumSet.of(Sub.SYNTH));

    /** The roots a variable name starts with. */
    public static final Set<String> ROOTS = Set.of("req", "bereq", "beresp", "obj", "resp", "client", "server", "remote",
            "local", "now", "std");

    private static final Map<String, Variable> BY_NAME = new HashMap<>();

    static {
        for (Variable v : values()) {
            BY_NAME.put(v.vclName, v);
        }
    }

    private final String vclName;
    private final Set<Sub> readable;
    private final Set<Sub> writable;

    Variable(String vclName, Set<Sub> readable, Set<Sub> writable) {
        this.vclName = vclName;
        this.readable = copy(readable);
        this.writable = copy(writable);
    }

    private static Set<Sub> copy(Set<Sub> subs) {
        EnumSet<Sub> out = EnumSet.noneOf(Sub.class);
        out.addAll(subs);
        return java.util.Collections.unmodifiableSet(out);
    }

    /** The name as a policy writes it, e.g. {@code req.url} ({@code req.http} stands for {@code req.http.*}). */
    public String vclName() {
        return vclName;
    }

    /** The subroutines that may read it. */
    public Set<Sub> readable() {
        return readable;
    }

    /** The subroutines that may write (or unset) it. */
    public Set<Sub> writable() {
        return writable;
    }

    /** The variable named {@code name} ({@code root.field}), or null. */
    public static Variable byName(String name) {
        return BY_NAME.get(name);
    }

    /** Named sets of subroutines, as vcl-var(7) speaks of them. */
    static final class Sets {
        static final Set<Sub> NONE = EnumSet.noneOf(Sub.class);
        static final Set<Sub> CLIENT = EnumSet.range(Sub.RECV, Sub.SYNTH);
        static final Set<Sub> BACKEND = EnumSet.of(Sub.BACKEND_FETCH, Sub.BACKEND_RESPONSE, Sub.BACKEND_ERROR);
        static final Set<Sub> CLIENT_BACKEND = EnumSet.range(Sub.RECV, Sub.BACKEND_ERROR);
        static final Set<Sub> ALL = EnumSet.allOf(Sub.class);
        static final Set<Sub> PIPE_BACKEND = EnumSet.of(Sub.PIPE, Sub.BACKEND_FETCH, Sub.BACKEND_RESPONSE, Sub.BACKEND_ERROR);
        static final Set<Sub> BERESP = EnumSet.of(Sub.BACKEND_RESPONSE, Sub.BACKEND_ERROR);
        static final Set<Sub> HIT_DELIVER = EnumSet.of(Sub.HIT, Sub.DELIVER);
        static final Set<Sub> RESP = EnumSet.of(Sub.DELIVER, Sub.SYNTH);

        private Sets() {
        }
    }
}
