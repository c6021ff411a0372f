package io.lacquer.front.sticky;

import io.lacquer.front.config.CookieConfig;
import io.lacquer.front.server.ServerState;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Cookie persistence for one backend ({@code cookie NAME insert|prefix|rewrite ...}): reads which
 * server a request's cookie names, and produces the cookie changes for requests and responses.
 *
 * <p>Immutable and thread-safe; the current time comes in as an argument so expiry is testable.
 */
public final class StickyCookie {
    /*
     * Implementation notes, following HAProxy's http_ana.c cookie handling:
     * - insert: the front owns the cookie. A response gets "Set-Cookie: NAME=<server cookie>;
     *   path=/" unless (indirect) the client already sent a valid cookie for the server that
     *   answered. With indirect the cookie is removed from the request before the server sees it.
     *   With maxidle/maxlife the value carries "|<last seen>|<first seen>" in seconds (base 36), it
     *   is refreshed on every response, and an expired one is ignored.
     * - prefix: the application owns the cookie; "NAME=<server cookie>~<value>" is stripped back
     *   to "NAME=<value>" before the server, and the server's Set-Cookie gets the prefix.
     * - rewrite: the server's Set-Cookie value is replaced by the server cookie; requests pass
     *   unchanged.
     * A cookie naming an unknown server, or an expired one, is treated as absent.
     */
    private static final char PREFIX_SEPARATOR = '~';
    private final CookieConfig config;
    private final List<ServerState> servers;

    /** Creates the persistence logic for the servers of one backend. */
    public StickyCookie(CookieConfig config, List<ServerState> servers) {
        this.config = config;
        this.servers = List.copyOf(servers);
    }

    /** The configuration. */
    public CookieConfig config() {
        return config;
    }

    /**
     * What the request's cookie says.
     *
     * @param server the server the cookie names, or null
     * @param forwardValue the cookie value to send to the server, or null to remove the cookie
     * @param firstSeen when an insert cookie with dates was first issued (epoch seconds), or 0
     */
    public record Match(@Nullable ServerState server, @Nullable String forwardValue, long firstSeen) {
    }

    /**
     * Resolves the value of the persistence cookie (null when absent) at time {@code nowMillis}.
     */
    public Match read(@Nullable String value, long nowMillis) {
        if (value == null) {
            return new Match(null, null, 0);
        }
        switch (config.mode()) {
            case PREFIX: {
                int sep = value.indexOf(PREFIX_SEPARATOR);
                if (sep < 0) {
                    return new Match(null, value, 0);
                }
                ServerState s = byCookie(value.substring(0, sep));
                return new Match(s, s == null ? value : value.substring(sep + 1), 0);
            }
            case REWRITE:
                return new Match(byCookie(value), value, 0);
            default:
                break;
        }
        String id = value;
        long first = 0;
        int bar = value.indexOf('|');
        if (bar >= 0) {
            id = value.substring(0, bar);
            String[] dates = value.substring(bar + 1).split("\\|");
            try {
                long last = dates.length > 0 && !dates[0].isEmpty() ? Long.parseLong(dates[0], 36) : 0;
                first = dates.length > 1 && !dates[1].isEmpty() ? Long.parseLong(dates[1], 36) : 0;
                long now = nowMillis / 1000;
                if (config.maxidle() > 0 && last > 0 && now - last > config.maxidle() / 1000) {
                    return new Match(null, config.indirect() ? null : value, 0);
                }
                if (config.maxlife() > 0 && first > 0 && now - first > config.maxlife() / 1000) {
                    return new Match(null, config.indirect() ? null : value, 0);
                }
            } catch (NumberFormatException e) {
                return new Match(null, config.indirect() ? null : value, 0);
            }
        }
        ServerState s = byCookie(id);
        return new Match(s, config.indirect() ? null : value, first);
    }

    /**
     * Returns the {@code Set-Cookie} value to add to a response from {@code server} in insert
     * mode, or null when none is needed.
     *
     * @param clientHadValid whether the request carried a valid cookie for this same server
     * @param firstSeen the first-seen date of that cookie (epoch seconds), or 0
     */
    public @Nullable String insertCookie(@Nullable ServerState server, boolean clientHadValid, long firstSeen, long nowMillis) {
        if (config.mode() != CookieConfig.Mode.INSERT || server == null || server.config().cookie() == null) {
            return null;
        }
        boolean dated = config.maxidle() > 0 || config.maxlife() > 0;
        if (clientHadValid && config.indirect() && !dated) {
            return null;
        }
        StringBuilder sb = new StringBuilder(config.name()).append('=').append(server.config().cookie());
        if (dated) {
            long now = nowMillis / 1000;
            long first = clientHadValid && firstSeen > 0 ? firstSeen : now;
            sb.append('|').append(Long.toString(now, 36)).append('|').append(Long.toString(first, 36));
        }
        sb.append("; path=/");
        if (config.domain() != null) {
            sb.append("; domain=").append(config.domain());
        }
        if (config.httponly()) {
            sb.append("; HttpOnly");
        }
        if (config.secure()) {
            sb.append("; Secure");
        }
        return sb.toString();
    }

    /**
     * Rewrites one {@code Set-Cookie} value sent by {@code server} (prefix and rewrite modes);
     * returns it unchanged when it is another cookie. In insert mode a server's own cookie of the
     * same name is dropped (null), as HAProxy does without {@code preserve}.
     */
    public @Nullable String rewriteSetCookie(String setCookie, @Nullable ServerState server) {
        String prefix = config.name() + "=";
        if (!setCookie.startsWith(prefix)) {
            return setCookie;
        }
        if (config.mode() == CookieConfig.Mode.INSERT) {
            return null;
        }
        if (server == null || server.config().cookie() == null) {
            return setCookie;
        }
        int semi = setCookie.indexOf(';');
        String value = setCookie.substring(prefix.length(), semi < 0 ? setCookie.length() : semi);
        String attrs = semi < 0 ? "" : setCookie.substring(semi);
        String v = config.mode() == CookieConfig.Mode.PREFIX
                ? server.config().cookie() + PREFIX_SEPARATOR + value
                : server.config().cookie();
        return prefix + v + attrs;
    }

    /**
     * Whether a response with these {@code Cache-Control} values may be stored by a shared cache
     * and so needs {@code private} added when it gets a cookie ({@code nocache}).
     */
    public static boolean sharedCacheable(List<String> cacheControl) {
        for (String v : cacheControl) {
            String l = v.toLowerCase(Locale.ROOT);
            if (l.contains("private") || l.contains("no-store") || l.contains("no-cache")) {
                return false;
            }
        }
        return true;
    }

    private @Nullable ServerState byCookie(String id) {
        for (ServerState s : servers) {
            if (id.equals(s.config().cookie())) {
                return s;
            }
        }
        return null;
    }
}
