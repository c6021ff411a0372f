package io.lacquer.front.config;

import io.lacquer.front.acl.Condition;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A proxy's {@code stats} settings.
 *
 * @param enabled whether the page is served
 * @param uri the URI prefix it is served at (default {@code /haproxy?stats})
 * @param realm the HTTP Basic realm
 * @param auth accepted {@code user:password} pairs; empty means no authentication
 * @param refreshSeconds the {@code Refresh} header's value; 0 means none
 * @param admin the condition under which servers can be changed from the page, or null
 * @param hideVersion whether the version is left out of the page
 */
public record StatsConfig(boolean enabled, String uri, String realm, List<String> auth, int refreshSeconds,
        @Nullable Condition admin, boolean hideVersion) {
    /** Stats disabled, with HAProxy's defaults for when they get enabled. */
    public static final StatsConfig DISABLED = new StatsConfig(false, "/haproxy?stats", "HAProxy Statistics",
            List.of(), 0, null, false);

    /** Copies the auth list. */
    public StatsConfig {
        auth = List.copyOf(auth);
    }
}
