package io.lacquer.front.config;

import io.lacquer.front.balance.Algorithm;
import org.jspecify.annotations.Nullable;

/**
 * A backend's {@code balance} line.
 *
 * @param algorithm the algorithm
 * @param arg the parameter ({@code url_param}) or header ({@code hdr}) name, or null
 * @param len {@code uri len}: hash only this many characters; 0 means all
 * @param depth {@code uri depth}: hash only this many directories; 0 means all
 * @param whole {@code uri whole}: hash the query string too
 * @param pathOnly {@code uri path-only}: ignore the scheme and authority of absolute URIs
 * @param draws {@code random(draws)}: servers drawn, the least loaded of which wins
 * @param useDomainOnly {@code hdr(host) use_domain_only}
 */
public record BalanceSpec(Algorithm algorithm, @Nullable String arg, int len, int depth, boolean whole, boolean pathOnly,
        int draws, boolean useDomainOnly) {
    /** HAProxy's default, {@code roundrobin}. */
    public static final BalanceSpec DEFAULT = new BalanceSpec(Algorithm.ROUNDROBIN, null, 0, 0, false, false, 2, false);

    /** Returns the spec of a bare algorithm with default parameters. */
    public static BalanceSpec of(Algorithm algorithm) {
        return new BalanceSpec(algorithm, null, 0, 0, false, false, 2, false);
    }
}
