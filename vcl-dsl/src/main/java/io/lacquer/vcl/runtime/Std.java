package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Director;

import java.util.Locale;

/** The functions of Varnish's {@code vmod_std} a policy can call as {@code std.*}. */
public final class Std {
    private final Declarations declared;

    Std(Declarations declared) {
        this.declared = declared;
    }

    /** {@code std.healthy(backend)}: whether the backend, or a backend behind the director, is healthy. */
    public boolean healthy(String backend) {
        Director d = declared.director(backend);
        return d.healthy();
    }

    /** {@code std.tolower(s)}. */
    public String tolower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    /** {@code std.toupper(s)}. */
    public String toupper(String s) {
        return s == null ? null : s.toUpperCase(Locale.ROOT);
    }

    /** {@code std.integer(s, fallback)}: {@code s} as a whole number, or {@code fallback}. */
    public long integer(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
