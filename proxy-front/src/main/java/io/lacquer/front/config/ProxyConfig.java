package io.lacquer.front.config;

import io.lacquer.front.acl.Acl;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One {@code frontend}, {@code backend} or {@code listen} section, with {@code defaults} applied.
 *
 * @param name the section's name
 * @param kind which sides it has
 * @param line the line it starts on
 * @param binds the addresses it listens on
 * @param maxconn its connection limit; 0 means the global one
 * @param acls named ACLs declared in it
 * @param backendRules {@code use_backend} rules in order
 * @param defaultBackend {@code default_backend}, or null
 * @param httpRequestRules {@code http-request} rules in order
 * @param monitorUri {@code monitor-uri}, or null
 * @param stats {@code stats} settings
 * @param balance {@code balance}
 * @param hashType {@code hash-type}
 * @param cookie {@code cookie}, or null
 * @param servers {@code server} lines in order
 * @param httpCheck {@code option httpchk} settings, or null for TCP checks
 * @param retries {@code retries}
 * @param redispatch {@code option redispatch}
 * @param forwardFor {@code option forwardfor}, or null
 * @param timeouts {@code timeout} settings
 */
public record ProxyConfig(String name, ProxyKind kind, int line, List<BindAddress> binds, int maxconn,
        Map<String, Acl> acls, List<BackendRule> backendRules, @Nullable String defaultBackend,
        List<HttpRequestRule> httpRequestRules, @Nullable String monitorUri, StatsConfig stats, BalanceSpec balance,
        HashType hashType, @Nullable CookieConfig cookie, List<ServerConfig> servers, @Nullable HttpCheckConfig httpCheck, int retries,
        boolean redispatch, @Nullable ForwardFor forwardFor, Timeouts timeouts) {

    /** HAProxy's build default for {@code retries}. */
    public static final int DEFAULT_RETRIES = 3;

    /** Copies the collections. */
    public ProxyConfig {
        binds = List.copyOf(binds);
        acls = Map.copyOf(acls);
        backendRules = List.copyOf(backendRules);
        httpRequestRules = List.copyOf(httpRequestRules);
        servers = List.copyOf(servers);
    }
}
