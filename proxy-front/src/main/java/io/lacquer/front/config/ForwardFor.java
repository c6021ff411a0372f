package io.lacquer.front.config;

import io.lacquer.front.acl.IpPattern;
import org.jspecify.annotations.Nullable;

/**
 * {@code option forwardfor [except <network>] [header <name>] [if-none]}: the client's address is
 * added to requests sent to servers.
 *
 * @param except clients in this network get no header, or null
 * @param header the header's name
 * @param ifNone add it only to requests that do not carry one already
 */
public record ForwardFor(@Nullable IpPattern except, String header, boolean ifNone) {
    /** The header's name unless {@code header} says otherwise. */
    public static final String DEFAULT_HEADER = "X-Forwarded-For";
}
