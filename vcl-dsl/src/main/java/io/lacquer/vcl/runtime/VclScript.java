package io.lacquer.vcl.runtime;

import groovy.lang.Script;
import io.lacquer.core.vcl.Sub;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The base class of every compiled policy. Running the script declares its backends, probes and
 * directors and registers its subroutine bodies (which the compiler has turned into lambdas)
 * into {@link PolicyParts}; nothing here runs on the request path.
 */
public abstract class VclScript extends Script {
    private PolicyParts parts;

    /** Runs the declarations into {@code into}. */
    public final PolicyParts declare(PolicyParts into) {
        this.parts = into;
        run();
        return into;
    }

    /** Where the next declaration is in the source (inserted by the compiler, for messages). */
    public void at(int line, int column) {
        parts.at(line, column);
    }

    /** Marks that a body loops, so calls watch their time budget. */
    public void loops() {
        parts.loops();
    }

    // ---- declarations ----

    /** {@code backend 'name', host: …, port: …, …}. */
    public void backend(Map<String, Object> attributes, String name) {
        parts.backend(name, attributes);
    }

    /** {@code probe 'name', url: …, interval: …, …}. */
    public void probe(Map<String, Object> attributes, String name) {
        parts.probe(name, attributes);
    }

    /** {@code director 'name', roundRobin(…)}. */
    public void director(String name, DirectorSpec spec) {
        parts.director(name, spec);
    }

    /** {@code roundRobin('a', 'b', …)}: healthy members in turn. */
    public DirectorSpec roundRobin(Object... members) {
        return new DirectorSpec("round_robin", Arrays.asList(members), List.of(), Map.of());
    }

    /** {@code round_robin('a', 'b', …)}: the same as {@link #roundRobin}, spelled as in vmod_directors. */
    public DirectorSpec round_robin(Object... members) {
        return roundRobin(members);
    }

    /** {@code random(a: 2, b: 1)}: members at random, by weight. */
    public DirectorSpec random(Map<String, Object> weights) {
        List<Object> names = new ArrayList<>();
        List<Double> w = new ArrayList<>();
        weights.forEach((k, v) -> {
            names.add(k);
            w.add(((Number) v).doubleValue());
        });
        return new DirectorSpec("random", names, w, Map.of());
    }

    /** {@code random('a', 'b')}: members at random, equal weights. */
    public DirectorSpec random(Object... members) {
        return new DirectorSpec("random", Arrays.asList(members), ones(members.length), Map.of());
    }

    /**
     * {@code hash(by: 'req.http.X-Session', 'a', 'b')}: the key's digest picks the member; members
     * may also be given with weights, {@code hash(by: 'req.url', a: 2, b: 1)}.
     */
    public DirectorSpec hash(Map<String, Object> options, Object... members) {
        List<Object> all = new ArrayList<>(Arrays.asList(members));
        List<Double> weights = new ArrayList<>(ones(members.length));
        Map<String, Object> opts = new java.util.LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (k.equals("by")) {
                opts.put(k, v);
            } else {
                all.add(k);
                weights.add(((Number) v).doubleValue());
            }
        });
        return new DirectorSpec("hash", all, weights, opts);
    }

    /** {@code hash('a', 'b')}: keyed by {@code client.identity}. */
    public DirectorSpec hash(Object... members) {
        return hash(Map.of(), members);
    }

    /** {@code fallback(sticky: true, 'a', 'b')}: the first healthy member. */
    public DirectorSpec fallback(Map<String, Object> options, Object... members) {
        return new DirectorSpec("fallback", Arrays.asList(members), List.of(), options);
    }

    /** {@code fallback('a', 'b')}. */
    public DirectorSpec fallback(Object... members) {
        return fallback(Map.of(), members);
    }

    /** {@code shard(by: 'req.url', replicas: 67, 'a', 'b')}: a consistent-hash ring. */
    public DirectorSpec shard(Map<String, Object> options, Object... members) {
        return new DirectorSpec("shard", Arrays.asList(members), List.of(), options);
    }

    /** {@code shard('a', 'b')}: keyed by the URL. */
    public DirectorSpec shard(Object... members) {
        return shard(Map.of(), members);
    }

    /** {@code sticky(cookie: 'SERVERID', fallback: roundRobin(…))}: the backend the cookie names, else the fallback. */
    public DirectorSpec sticky(Map<String, Object> options) {
        return new DirectorSpec("sticky", List.of(), List.of(), options);
    }

    private static List<Double> ones(int n) {
        List<Double> w = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            w.add(1.0);
        }
        return w;
    }

    // ---- subroutines (the compiler passes each body as a lambda) ----

    /** {@code vcl_recv { … }}. */
    public void vcl_recv(ClientSub body) {
        parts.client(Sub.RECV, body);
    }

    /** {@code vcl_pipe { … }}. */
    public void vcl_pipe(ClientSub body) {
        parts.client(Sub.PIPE, body);
    }

    /** {@code vcl_pass { … }}. */
    public void vcl_pass(ClientSub body) {
        parts.client(Sub.PASS, body);
    }

    /** {@code vcl_hash { … }}. */
    public void vcl_hash(ClientSub body) {
        parts.client(Sub.HASH, body);
    }

    /** {@code vcl_purge { … }}. */
    public void vcl_purge(ClientSub body) {
        parts.client(Sub.PURGE, body);
    }

    /** {@code vcl_miss { … }}. */
    public void vcl_miss(ClientSub body) {
        parts.client(Sub.MISS, body);
    }

    /** {@code vcl_hit { … }}. */
    public void vcl_hit(ClientSub body) {
        parts.client(Sub.HIT, body);
    }

    /** {@code vcl_deliver { … }}. */
    public void vcl_deliver(ClientSub body) {
        parts.client(Sub.DELIVER, body);
    }

    /** {@code vcl_synth { … }}. */
    public void vcl_synth(ClientSub body) {
        parts.client(Sub.SYNTH, body);
    }

    /** {@code vcl_backend_fetch { … }}. */
    public void vcl_backend_fetch(BackendSub body) {
        parts.backend(Sub.BACKEND_FETCH, body);
    }

    /** {@code vcl_backend_response { … }}. */
    public void vcl_backend_response(BackendSub body) {
        parts.backend(Sub.BACKEND_RESPONSE, body);
    }

    /** {@code vcl_backend_error { … }}. */
    public void vcl_backend_error(BackendSub body) {
        parts.backend(Sub.BACKEND_ERROR, body);
    }

    /** {@code vcl_init { … }}. */
    public void vcl_init(HousekeepingSub body) {
        parts.housekeeping(Sub.INIT, body);
    }

    /** {@code vcl_fini { … }}. */
    public void vcl_fini(HousekeepingSub body) {
        parts.housekeeping(Sub.FINI, body);
    }

    /** A custom client-side subroutine, numbered by the compiler. */
    public void defineClientSub(int index, ClientSub body) {
        parts.customClient(index, body);
    }

    /** A custom backend-side subroutine, numbered by the compiler. */
    public void defineBackendSub(int index, BackendSub body) {
        parts.customBackend(index, body);
    }
}
