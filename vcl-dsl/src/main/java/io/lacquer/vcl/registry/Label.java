package io.lacquer.vcl.registry;

import io.lacquer.core.vcl.VclLabel;
import io.lacquer.core.vcl.VclProgram;

/**
 * A label of a {@link VclRegistry}: a second name for a loaded policy, which {@code vcl.label} can
 * point at another one. Policies that return vcl to it hold it from the time they are loaded;
 * requests resolve it when they switch. Its target is guarded by the registry's reference lock, the
 * same lock under which the registry decides to release a policy, so a request never takes a
 * released one.
 */
final class Label implements VclLabel {
    private final String name;
    private final long order;
    private final Object refs;
    private Loaded target;

    Label(String name, long order, Loaded target, Object refs) {
        this.name = name;
        this.order = order;
        this.target = target;
        this.refs = refs;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public VclProgram acquire() {
        synchronized (refs) {
            if (target == null) {
                return null;
            }
            target.program.busy().acquire();
            return target.program;
        }
    }

    /** The policy it points at; null once the label is discarded. */
    Loaded target() {
        synchronized (refs) {
            return target;
        }
    }

    /** Points the label at {@code policy} (null: the label is gone). */
    void point(Loaded policy) {
        synchronized (refs) {
            target = policy;
        }
    }

    /** Its place in {@code vcl.list}: labels and policies are listed in the order they were made. */
    long order() {
        return order;
    }

    @Override
    public String toString() {
        return "label " + name;
    }
}
