package io.lacquer.vcl.registry;

import io.lacquer.vcl.runtime.GroovyVclProgram;

import java.util.List;

/** One policy loaded into a {@link VclRegistry}, and what the operator asked of it. Guarded by the registry. */
final class Loaded {
    final String name;
    final GroovyVclProgram program;
    /** Its place in {@code vcl.list}. */
    final long order;
    /** The labels its vcl_recv returns vcl to. */
    final List<Label> uses;
    VclState state = VclState.AUTO;
    boolean warm;
    long inactiveSince;
    /** Discarded while requests still held it: listed as such until they end, then released. */
    boolean discarded;

    Loaded(String name, GroovyVclProgram program, long order, List<Label> uses) {
        this.name = name;
        this.program = program;
        this.order = order;
        this.uses = List.copyOf(uses);
    }

    @Override
    public String toString() {
        return "policy " + name;
    }
}
