package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.backend.probe.BackendProbe;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a policy declared, made live: its backends (each with its probe, if any) and directors,
 * by name. Immutable once the policy is loaded.
 *
 * @param directors every backend and director by name, in declaration order
 * @param backends the backends, in declaration order
 * @param probes the probes running against backends
 * @param defaultDirector {@code default} if declared, else the first backend; null when there is none
 */
public record Declarations(Map<String, Director> directors, List<Backend> backends, List<BackendProbe> probes,
                           Director defaultDirector) {
    /** Copies the collections. */
    public Declarations {
        directors = Map.copyOf(directors);
        backends = List.copyOf(backends);
        probes = List.copyOf(probes);
    }

    /** The backend or director named {@code name}; throws IllegalArgumentException for an unknown one. */
    public Director director(String name) {
        Director d = name == null ? null : directors.get(name);
        if (d == null) {
            throw new IllegalArgumentException("no backend or director named \"" + name + "\"");
        }
        return d;
    }

    /** Starts the probes (a policy turning warm). */
    public void startProbes(ScheduledExecutorService timer) {
        probes.forEach(p -> p.start(timer));
    }

    /** Stops the probes (a policy turning cold). */
    public void stop() {
        probes.forEach(BackendProbe::close);
    }

    /** Releases the backends' connections for good (a discarded policy). */
    public void close() {
        stop();
        backends.forEach(Backend::close);
    }
}
