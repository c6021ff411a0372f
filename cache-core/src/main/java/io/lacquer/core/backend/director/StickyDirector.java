package io.lacquer.core.backend.director;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.Director;
import io.lacquer.core.vcl.ReqView;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Stickiness by cookie: a request whose cookie names one of the backends behind this director
 * goes to that backend while it is healthy; any other request (no cookie, an unknown name, a sick
 * backend) goes to the fallback director. The cookie holds a backend name, so every cache node
 * configured alike sends a session to the same server. The policy sets the cookie, usually from
 * {@code beresp.backend.name}.
 */
public final class StickyDirector implements Director {
    private final String name;
    private final String cookie;
    private final Director fallback;
    private final Map<String, Backend> backends;

    /**
     * A sticky director named {@code name}, reading cookie {@code cookie}, over the backends in
     * {@code backends}, falling back to {@code fallback}.
     */
    public StickyDirector(String name, String cookie, List<Backend> backends, Director fallback) {
        this.name = requireNonNull(name, "name");
        this.cookie = requireNonNull(cookie, "cookie");
        this.fallback = requireNonNull(fallback, "fallback");
        Map<String, Backend> byName = new LinkedHashMap<>();
        backends.forEach(b -> byName.put(b.name(), b));
        this.backends = Map.copyOf(byName);
    }

    /** The cookie read. */
    public String cookie() {
        return cookie;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Backend resolve(ReqView req) {
        if (req != null) {
            String value = RequestKey.cookie(req.http().joined("Cookie"), cookie);
            Backend pinned = value == null ? null : backends.get(value);
            if (pinned != null && pinned.healthy()) {
                return pinned;
            }
        }
        return fallback.resolve(req);
    }

    @Override
    public boolean healthy() {
        return fallback.healthy();
    }

    @Override
    public String toString() {
        return "sticky " + name + " cookie " + cookie + " fallback " + fallback.name();
    }
}
