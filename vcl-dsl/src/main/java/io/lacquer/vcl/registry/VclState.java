package io.lacquer.vcl.registry;

import java.util.Locale;

/**
 * What the operator asked of a loaded policy's temperature ({@code vcl.state}): {@code auto}
 * keeps it warm while it is in use and lets it cool once it has not been for {@code vcl_cooldown};
 * {@code warm} and {@code cold} pin it.
 */
public enum VclState {
    /** Warm while active, cold after the cooldown otherwise. */
    AUTO,
    /** Always warm: probes run, backends ready. */
    WARM,
    /** Cold: probes stopped, idle backend connections closed; cannot be made active. */
    COLD;

    /** The spelling in {@code vcl.list}. */
    public String vclName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state named {@code name} (auto, warm, cold); throws IllegalArgumentException. */
    public static VclState of(String name) {
        for (VclState s : values()) {
            if (s.vclName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("state \"" + name + "\" (expected: auto, cold or warm)");
    }
}
