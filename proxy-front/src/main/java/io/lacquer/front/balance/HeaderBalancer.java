package io.lacquer.front.balance;

import io.lacquer.front.acl.RequestView;
import io.lacquer.front.server.ServerState;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code balance hdr(<name>) [use_domain_only]}: a hash of a request header; round robin when it
 * is missing.
 */
final class HeaderBalancer implements Balancer {
    private final String header;
    private final boolean domainOnly;
    private final HashSelector selector;
    private final Balancer fallback;

    HeaderBalancer(String header, boolean domainOnly, HashSelector selector, Balancer fallback) {
        this.header = header;
        this.domainOnly = domainOnly;
        this.selector = selector;
        this.fallback = fallback;
    }

    @Override
    public ServerState pick(RequestView request, Predicate<ServerState> eligible) {
        List<String> values = request.headerValues(header);
        if (values.isEmpty() || values.get(0).isEmpty()) {
            return fallback.pick(request, eligible);
        }
        String v = values.get(0);
        return selector.select(domainOnly ? domain(v) : v, eligible);
    }

    /** The registered name of a host: {@code haproxy} for {@code www.haproxy.org:80}. */
    static String domain(String host) {
        String h = host;
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon) {
            h = h.substring(0, colon);
        }
        String[] labels = h.split("\\.");
        return labels.length >= 2 ? labels[labels.length - 2] : h;
    }
}
