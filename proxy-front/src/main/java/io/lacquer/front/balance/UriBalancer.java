package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.config.BalanceSpec;
import io.lacquer.front.server.ServerState;
import java.util.function.Predicate;

/**
 * {@code balance uri [len n] [depth n] [whole] [path-only]}: a hash of the URI, so each object
 * is always fetched from the same cache.
 */
final class UriBalancer implements Balancer {
    private final BalanceSpec spec;
    private final HashSelector selector;

    UriBalancer(BalanceSpec spec, HashSelector selector) {
        this.spec = spec;
        this.selector = selector;
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        return selector.select(key(request.uri()), eligible);
    }

    /** The part of the URI that is hashed. */
    String key(String uri) {
        String u = uri;
        if (spec.pathOnly()) {
            int scheme = u.indexOf("://");
            if (scheme > 0) {
                int slash = u.indexOf('/', scheme + 3);
                u = slash < 0 ? "/" : u.substring(slash);
            }
        }
        if (!spec.whole()) {
            int q = u.indexOf('?');
            if (q >= 0) {
                u = u.substring(0, q);
            }
        }
        if (spec.depth() > 0) {
            int slashes = 0;
            for (int i = 0; i < u.length(); i++) {
                if (u.charAt(i) == '/' && ++slashes > spec.depth()) {
                    u = u.substring(0, i);
                    break;
                }
            }
        }
        if (spec.len() > 0 && u.length() > spec.len()) {
            u = u.substring(0, spec.len());
        }
        return u;
    }
}
