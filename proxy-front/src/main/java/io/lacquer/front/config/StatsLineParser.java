package io.lacquer.front.config;

import io.lacquer.front.acl.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Parses {@code stats} lines. Setting the URI, realm, auth or refresh enables stats, as in HAProxy.
 */
final class StatsLineParser {
    private StatsLineParser() {
    }

    /* stats enable | uri <prefix> | realm <realm> | auth <user:pass> | refresh <time>
             | admin (if|unless) <cond> | hide-version */
    static StatsConfig apply(StatsConfig s, List<String> w, Function<List<String>, Condition> condition) {
        if (w.size() < 2) {
            throw new IllegalArgumentException("'stats' expects an argument");
        }
        String sub = w.get(1);
        String arg = w.size() > 2 ? w.get(2) : null;
        switch (sub) {
            case "enable":
                return new StatsConfig(true, s.uri(), s.realm(), s.auth(), s.refreshSeconds(), s.admin(), s.hideVersion());
            case "uri":
                return new StatsConfig(true, need(arg, sub), s.realm(), s.auth(), s.refreshSeconds(), s.admin(),
                        s.hideVersion());
            case "realm":
                return new StatsConfig(true, s.uri(), need(arg, sub), s.auth(), s.refreshSeconds(), s.admin(),
                        s.hideVersion());
            case "auth": {
                String a = need(arg, sub);
                if (a.indexOf(':') <= 0) {
                    throw new IllegalArgumentException("'stats auth' expects <user>:<password>");
                }
                List<String> auth = new ArrayList<>(s.auth());
                auth.add(a);
                return new StatsConfig(true, s.uri(), s.realm(), auth, s.refreshSeconds(), s.admin(), s.hideVersion());
            }
            case "refresh": {
                long ms = TimeValue.millis(need(arg, sub), "stats refresh");
                return new StatsConfig(true, s.uri(), s.realm(), s.auth(), (int) Math.max(1, ms / 1000), s.admin(),
                        s.hideVersion());
            }
            case "admin": {
                if (arg == null || !(arg.equals("if") || arg.equals("unless"))) {
                    throw new IllegalArgumentException("'stats admin' expects 'if' or 'unless' followed by a condition");
                }
                Condition c = condition.apply(w.subList(2, w.size()));
                return new StatsConfig(s.enabled(), s.uri(), s.realm(), s.auth(), s.refreshSeconds(), c, s.hideVersion());
            }
            case "hide-version":
                return new StatsConfig(s.enabled(), s.uri(), s.realm(), s.auth(), s.refreshSeconds(), s.admin(), true);
            default:
                throw new IllegalArgumentException("unknown stats parameter '" + sub
                        + "' (expected: enable, uri, realm, auth, refresh, admin, hide-version)");
        }
    }

    private static String need(String arg, String sub) {
        if (arg == null) {
            throw new IllegalArgumentException("'stats " + sub + "' expects an argument");
        }
        return arg;
    }
}
