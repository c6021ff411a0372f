package io.lacquer.front.config;

import io.lacquer.front.acl.Condition;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One {@code http-request} rule.
 *
 * @param action what the rule does
 * @param name the header name (set-header, del-header) or service name (use-service)
 * @param value the header value (set-header), or null
 * @param denyStatus the status a deny answers with ({@code deny_status}, 403 by default)
 * @param condition when the rule applies
 */
public record HttpRequestRule(Action action, @Nullable String name, @Nullable String value, int denyStatus,
        Condition condition) {
    /** The one sample expression header values may use: the client's address. */
    public static final String SOURCE_SAMPLE = "%[src]";

    /** The statuses {@code deny_status} takes: those HAProxy 2.6 has a page for. */
    public static final Set<Integer> DENY_STATUSES =
            Set.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 421, 422, 425, 429, 500, 501, 502, 503, 504);

    /** The header value for a request from {@code source}, with {@code %[src]} filled in. */
    public String value(java.net.InetAddress source) {
        String v = value == null ? "" : value;
        return v.contains(SOURCE_SAMPLE) ? v.replace(SOURCE_SAMPLE, source.getHostAddress()) : v;
    }

    /** The actions {@code http-request} supports. */
    public enum Action {
        /** Answers 403 (or its {@code deny_status}) and stops processing. */
        DENY("deny"),
        /** Replaces a request header. */
        SET_HEADER("set-header"),
        /** Adds a request header. */
        ADD_HEADER("add-header"),
        /** Removes a request header. */
        DEL_HEADER("del-header"),
        /** Answers with a built-in service ({@code prometheus-exporter}). */
        USE_SERVICE("use-service");

        private final String keyword;

        Action(String keyword) {
            this.keyword = keyword;
        }

        /** The keyword in the configuration. */
        public String keyword() {
            return keyword;
        }

        /** Returns the action with this keyword, or null. */
        public static @Nullable Action of(String keyword) {
            for (Action a : values()) {
                if (a.keyword.equals(keyword)) {
                    return a;
                }
            }
            return null;
        }
    }
}
