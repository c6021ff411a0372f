package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.Sub;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What running a compiled policy script produced: its declarations, each with where it was
 * written, and its subroutine bodies. Filled once at load by {@link VclScript}, then read by the
 * linker; never touched on the request path.
 */
public final class PolicyParts {
    /** A declaration with its position. */
    public record Declared<T>(String name, T value, int line, int column) {
    }

    private final Map<String, Declared<Map<String, Object>>> backends = new LinkedHashMap<>();
    private final Map<String, Declared<Map<String, Object>>> probes = new LinkedHashMap<>();
    private final Map<String, Declared<DirectorSpec>> directors = new LinkedHashMap<>();
    private final Map<Sub, List<Object>> bodies = new EnumMap<>(Sub.class);
    private final Map<Integer, ClientSub> customClient = new TreeMap<>();
    private final Map<Integer, BackendSub> customBackend = new TreeMap<>();
    private final Map<Sub, int[]> positions = new EnumMap<>(Sub.class);
    private int line;
    private int column;
    private boolean loops;

    void at(int line, int column) {
        this.line = line;
        this.column = column;
    }

    void loops() {
        loops = true;
    }

    void backend(String name, Map<String, Object> attributes) {
        backends.put(name, new Declared<>(name, Map.copyOf(attributes), line, column));
    }

    void probe(String name, Map<String, Object> attributes) {
        probes.put(name, new Declared<>(name, Map.copyOf(attributes), line, column));
    }

    void director(String name, DirectorSpec spec) {
        directors.put(name, new Declared<>(name, spec, line, column));
    }

    void client(Sub sub, ClientSub body) {
        bodies.computeIfAbsent(sub, s -> new ArrayList<>()).add(body);
    }

    void backend(Sub sub, BackendSub body) {
        bodies.computeIfAbsent(sub, s -> new ArrayList<>()).add(body);
    }

    void housekeeping(Sub sub, HousekeepingSub body) {
        bodies.computeIfAbsent(sub, s -> new ArrayList<>()).add(body);
        positions.putIfAbsent(sub, new int[] {line, column});
    }

    /** Where {@code sub} (vcl_init or vcl_fini) is first defined, as {line, column}; {0, 0} when it is not. */
    public int[] position(Sub sub) {
        return positions.getOrDefault(sub, new int[] {0, 0}).clone();
    }

    void customClient(int index, ClientSub body) {
        customClient.put(index, body);
    }

    void customBackend(int index, BackendSub body) {
        customBackend.put(index, body);
    }

    /** The backends declared, in order. */
    public Map<String, Declared<Map<String, Object>>> backends() {
        return backends;
    }

    /** The probes declared. */
    public Map<String, Declared<Map<String, Object>>> probes() {
        return probes;
    }

    /** The directors declared. */
    public Map<String, Declared<DirectorSpec>> directors() {
        return directors;
    }

    /** The bodies of {@code sub}, in source order (each a ClientSub, BackendSub or HousekeepingSub). */
    public List<Object> bodies(Sub sub) {
        return bodies.getOrDefault(sub, List.of());
    }

    /** The custom client-side subroutines by number. */
    public Map<Integer, ClientSub> customClient() {
        return customClient;
    }

    /** The custom backend-side subroutines by number. */
    public Map<Integer, BackendSub> customBackend() {
        return customBackend;
    }

    /** Whether any body loops. */
    public boolean hasLoops() {
        return loops;
    }
}
