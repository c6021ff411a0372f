package io.lacquer.vcl.compile;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.BackendSpec;
import io.lacquer.core.backend.Director;
import io.lacquer.core.backend.director.FallbackDirector;
import io.lacquer.core.backend.director.HashDirector;
import io.lacquer.core.backend.director.RandomDirector;
import io.lacquer.core.backend.director.RequestKey;
import io.lacquer.core.backend.director.RoundRobinDirector;
import io.lacquer.core.backend.director.ShardDirector;
import io.lacquer.core.backend.director.StickyDirector;
import io.lacquer.core.backend.probe.BackendProbe;
import io.lacquer.core.backend.probe.ProbeSpec;
import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.runtime.Declarations;
import io.lacquer.vcl.runtime.DirectorSpec;
import io.lacquer.vcl.runtime.Durations;
import io.lacquer.vcl.runtime.PolicyParts;
import io.lacquer.vcl.runtime.PolicyParts.Declared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a policy's declarations live: backend specs become {@link Backend}s with their probes,
 * director specs become directors over them, resolved by name in any order. Values that are
 * wrong (a port out of range, a window over 64) are reported at the declaration's position.
 */
public final class Linker {
    private final String file;
    private final VclEnvironment env;
    private final List<VclCompileException.Problem> problems = new ArrayList<>();

    /** A linker for the policy in {@code file}. */
    public Linker(String file, VclEnvironment env) {
        this.file = file;
        this.env = env;
    }

    /** The live declarations of {@code parts}; throws with every problem found. */
    public Declarations link(PolicyParts parts) throws VclCompileException {
        Map<String, ProbeSpec> probes = new LinkedHashMap<>();
        parts.probes().values().forEach(d -> attempt(d, () -> probes.put(d.name(), probe(d))));
        Map<String, Director> named = new LinkedHashMap<>();
        List<Backend> backends = new ArrayList<>();
        List<BackendProbe> running = new ArrayList<>();
        for (Declared<Map<String, Object>> d : parts.backends().values()) {
            attempt(d, () -> {
                Backend b = new Backend(backend(d), env.params(), env.counters());
                backends.add(b);
                named.put(d.name(), b);
                Object probe = d.value().get("probe");
                if (probe != null) {
                    ProbeSpec spec = probes.get(probe.toString());
                    if (spec == null) {
                        throw new IllegalArgumentException("unknown probe '" + probe + "'");
                    }
                    running.add(new BackendProbe(spec, b));
                }
            });
        }
        Map<String, Declared<DirectorSpec>> specs = parts.directors();
        for (Declared<DirectorSpec> d : specs.values()) {
            attempt(d, () -> resolve(d.name(), specs, named, new HashSet<>()));
        }
        if (!problems.isEmpty()) {
            backends.forEach(Backend::close);
            throw new VclCompileException(problems);
        }
        Director defaultDirector = named.containsKey("default") ? named.get("default")
                : backends.isEmpty() ? null : backends.get(0);
        return new Declarations(named, backends, running, defaultDirector);
    }

    private Director resolve(String name, Map<String, Declared<DirectorSpec>> specs, Map<String, Director> named,
                             Set<String> resolving) {
        Director known = named.get(name);
        if (known != null) {
            return known;
        }
        Declared<DirectorSpec> d = specs.get(name);
        if (d == null) {
            throw new IllegalArgumentException("unknown backend or director '" + name + "'");
        }
        if (!resolving.add(name)) {
            throw new IllegalArgumentException("director '" + name + "' contains itself");
        }
        Director built = build(name, d.value(), specs, named, resolving);
        named.put(name, built);
        return built;
    }

    private Director build(String name, DirectorSpec spec, Map<String, Declared<DirectorSpec>> specs,
                           Map<String, Director> named, Set<String> resolving) {
        List<Director> members = new ArrayList<>();
        for (int i = 0; i < spec.members().size(); i++) {
            members.add(member(name + "." + (i + 1), spec.members().get(i), specs, named, resolving));
        }
        double[] weights = spec.weights().stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Object> o = spec.options();
        return switch (spec.kind()) {
            case "round_robin" -> new RoundRobinDirector(name, members);
            case "random" -> new RandomDirector(name, members, weights);
            case "hash" -> new HashDirector(name, members, weights, RequestKey.parse(str(o, "by", "client.identity")));
            case "fallback" -> new FallbackDirector(name, members, Boolean.TRUE.equals(o.get("sticky")));
            case "shard" -> new ShardDirector(name, members, ((Number) o.getOrDefault("replicas", 67)).intValue(),
                    RequestKey.parse(str(o, "by", "req.url")));
            case "sticky" -> {
                Object fb = o.get("fallback");
                if (fb == null || o.get("cookie") == null) {
                    throw new IllegalArgumentException("sticky needs cookie: and fallback:");
                }
                Director fallback = member(name + ".fallback", fb, specs, named, resolving);
                yield new StickyDirector(name, o.get("cookie").toString(), leaves(fb, specs, named), fallback);
            }
            default -> throw new IllegalArgumentException("unknown director type " + spec.kind());
        };
    }

    private Director member(String anonymousName, Object m, Map<String, Declared<DirectorSpec>> specs,
                            Map<String, Director> named, Set<String> resolving) {
        if (m instanceof DirectorSpec nested) {
            return build(anonymousName, nested, specs, named, resolving);
        }
        return resolve(m.toString(), specs, named, resolving);
    }

    /** The backends reachable through a member, for the sticky director's cookie values. */
    private List<Backend> leaves(Object m, Map<String, Declared<DirectorSpec>> specs, Map<String, Director> named) {
        List<Backend> out = new ArrayList<>();
        if (m instanceof DirectorSpec nested) {
            for (Object inner : nested.members()) {
                out.addAll(leaves(inner, specs, named));
            }
            Object fb = nested.options().get("fallback");
            if (fb != null) {
                out.addAll(leaves(fb, specs, named));
            }
        } else if (named.get(m.toString()) instanceof Backend b) {
            out.add(b);
        } else if (specs.containsKey(m.toString())) {
            out.addAll(leaves(specs.get(m.toString()).value(), specs, named));
        }
        return out;
    }

    private static BackendSpec backend(Declared<Map<String, Object>> d) {
        Map<String, Object> a = d.value();
        Object hostValue = a.get("host");
        if (hostValue == null) {
            throw new IllegalArgumentException("backend '" + d.name() + "' needs host:");
        }
        String host = hostValue.toString();
        int port = a.containsKey("port") ? Integer.parseInt(a.get("port").toString()) : 80;
        int colon = host.lastIndexOf(':');
        if (!a.containsKey("port") && colon > 0 && host.indexOf(':') == colon) {
            port = Integer.parseInt(host.substring(colon + 1));
            host = host.substring(0, colon);
        }
        Object hostHeader = a.get("host_header");
        return new BackendSpec(d.name(), host, port, hostHeader == null ? null : hostHeader.toString(),
                seconds(a.get("connect_timeout")), seconds(a.get("first_byte_timeout")),
                seconds(a.get("between_bytes_timeout")),
                a.containsKey("max_connections") ? ((Number) a.get("max_connections")).intValue() : 0);
    }

    private static ProbeSpec probe(Declared<Map<String, Object>> d) {
        Map<String, Object> a = d.value();
        Object request = a.get("request");
        List<String> lines = request == null ? List.of()
                : request instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of(request.toString());
        int threshold = intOf(a, "threshold", 3);
        return new ProbeSpec(d.name(), a.getOrDefault("url", "/").toString(), lines, intOf(a, "expected_response", 200),
                orDefault(seconds(a.get("timeout")), 2), orDefault(seconds(a.get("interval")), 5), intOf(a, "window", 8),
                threshold, intOf(a, "initial", threshold - 1));
    }

    private static int intOf(Map<String, Object> a, String key, int fallback) {
        Object v = a.get(key);
        return v == null ? fallback : ((Number) v).intValue();
    }

    private static double orDefault(Double v, double fallback) {
        return v == null ? fallback : v;
    }

    private static Double seconds(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Duration d) {
            return Durations.seconds(d);
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("expected a duration such as 5.s, got " + v);
    }

    private static String str(Map<String, Object> o, String key, String fallback) {
        Object v = o.get(key);
        return v == null ? fallback : v.toString();
    }

    private void attempt(Declared<?> d, Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            problems.add(new VclCompileException.Problem(file, d.line(), d.column(), e.getMessage()));
        }
    }
}
