package io.lacquer.front.config;

import io.lacquer.front.acl.Acl;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A proxy section while it is being parsed; owned by the parser's thread and frozen into a
 * {@link ProxyConfig} at the end of the file.
 */
final class ProxyDraft {
    final String name;
    final ProxyKind kind;
    final int line;
    final List<BindAddress> binds = new ArrayList<>();
    int maxconn;
    final Map<String, Acl> acls = new LinkedHashMap<>();
    final List<BackendRule> backendRules = new ArrayList<>();
    final List<Integer> backendRuleLines = new ArrayList<>();
    String defaultBackend;
    int defaultBackendLine;
    final List<HttpRequestRule> httpRequestRules = new ArrayList<>();
    String monitorUri;
    StatsConfig stats = StatsConfig.DISABLED;
    BalanceSpec balance = BalanceSpec.DEFAULT;
    HashType hashType = HashType.DEFAULT;
    CookieConfig cookie;
    final List<ServerConfig> servers = new ArrayList<>();
    HttpCheckConfig httpCheck;
    int retries = ProxyConfig.DEFAULT_RETRIES;
    boolean redispatch;
    ForwardFor forwardFor;
    Timeouts timeouts = Timeouts.NONE;
    boolean modeSet;

    ProxyDraft(String name, ProxyKind kind, int line, ProxyDraft defaults) {
        this.name = name;
        this.kind = kind;
        this.line = line;
        if (defaults != null) {
            maxconn = defaults.maxconn;
            defaultBackend = defaults.defaultBackend;
            defaultBackendLine = defaults.defaultBackendLine;
            monitorUri = defaults.monitorUri;
            stats = defaults.stats;
            balance = defaults.balance;
            hashType = defaults.hashType;
            cookie = defaults.cookie;
            httpCheck = defaults.httpCheck;
            retries = defaults.retries;
            redispatch = defaults.redispatch;
            forwardFor = defaults.forwardFor;
            timeouts = defaults.timeouts;
        }
    }

    ProxyConfig freeze() {
        return new ProxyConfig(name, kind, line, binds, maxconn, acls, backendRules, defaultBackend, httpRequestRules,
                monitorUri, stats, balance, hashType, cookie, servers, httpCheck, retries, redispatch, forwardFor,
                timeouts);
    }
}
