package io.lacquer.vcl.runtime;

import io.lacquer.core.backend.Director;

import java.util.Locale;

/**
 * The functions of Varnish's {@code vmod_std} a policy can call as {@code std.*}. One serves one
 * subroutine call, so that {@code std.ban_error()} reports that call's last {@code std.ban()}.
 */
public final class Std {
    private final Declarations declared;
    private final Scope scope;
    private String banError = "";

    Std(Declarations declared, Scope scope) {
        this.declared = declared;
        this.scope = scope;
    }

    /** {@code std.ban(expression)}: adds a ban to the node's list; false when it is refused. */
    public boolean ban(String expression) {
        String error = scope.addBan(expression);
        banError = error == null ? "" : error;
        return error == null;
    }

    /** {@code std.ban_error()}: why the last {@code std.ban()} was refused, or "" when it was not. */
    public String ban_error() {
        return banError;
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
