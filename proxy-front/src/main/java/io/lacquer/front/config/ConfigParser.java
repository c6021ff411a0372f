package io.lacquer.front.config;

import io.lacquer.front.acl.Acl;
import io.lacquer.front.acl.AclParser;
import io.lacquer.front.acl.AclTerm;
import io.lacquer.front.acl.Condition;
import io.lacquer.front.acl.IpPattern;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses the HAProxy-style configuration file into a {@link FrontConfig}.
 *
 * <p>Only the keywords listed in {@code docs/front.md} are accepted; any other keyword stops the
 * parse with its file, line and name, so a setting is never silently ignored.
 */
public final class ConfigParser {
    private final String file;
    private GlobalSettings global = GlobalSettings.DEFAULT;
    private final List<ProxyDraft> proxies = new ArrayList<>();
    private ProxyDraft defaults;
    private ProxyDraft current;
    private boolean inGlobal;
    private int line;

    private ConfigParser(String file) {
        this.file = file;
    }

    /** Reads and parses a configuration file. */
    public static FrontConfig parse(Path path) throws ConfigException {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(path.toString(), 0, "cannot read file: " + e.getMessage());
        }
        return parse(path.toString(), text);
    }

    /** Parses configuration text; {@code file} names it in error messages. */
    public static FrontConfig parse(String file, String text) throws ConfigException {
        ConfigParser p = new ConfigParser(file);
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            p.line = i + 1;
            List<String> words;
            try {
                words = LineTokenizer.words(lines[i]);
            } catch (IllegalArgumentException e) {
                throw p.error(e.getMessage());
            }
            if (!words.isEmpty()) {
                p.parseLine(words);
            }
        }
        return p.finish();
    }

    private ConfigException error(String message) {
        return new ConfigException(file, line, message);
    }

    /* line = section-header | keyword args... */
    private void parseLine(List<String> w) throws ConfigException {
        String kw = w.get(0);
        switch (kw) {
            case "global" -> {
                inGlobal = true;
                current = null;
                return;
            }
            case "defaults", "frontend", "backend", "listen" -> {
                startSection(kw, w);
                return;
            }
            default -> {
            }
        }
        if (inGlobal) {
            parseGlobal(w);
        } else if (current != null) {
            try {
                parseProxyKeyword(w);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        } else {
            throw error("unknown keyword '" + kw + "' out of section");
        }
    }

    private void startSection(String kw, List<String> w) throws ConfigException {
        inGlobal = false;
        ProxyKind kind = ProxyKind.valueOf(kw.toUpperCase(java.util.Locale.ROOT));
        String name = w.size() > 1 ? w.get(1) : "";
        if (kind != ProxyKind.DEFAULTS && name.isEmpty()) {
            throw error("'" + kw + "' expects <name> as an argument");
        }
        if (w.size() > 2) {
            throw error("unsupported argument '" + w.get(2) + "' after '" + kw + " " + name + "'");
        }
        if (kind != ProxyKind.DEFAULTS) {
            for (ProxyDraft p : proxies) {
                if (p.name.equals(name) && (p.kind.hasFront() && kind.hasFront() || p.kind.hasBack() && kind.hasBack())) {
                    throw error(kw + " '" + name + "' has the same name as " + p.kind.keyword() + " '" + name
                            + "' declared at " + file + ":" + p.line);
                }
            }
        }
        current = new ProxyDraft(name, kind, line, defaults);
        if (kind == ProxyKind.DEFAULTS) {
            defaults = current;
        } else {
            proxies.add(current);
        }
    }

    private void parseGlobal(List<String> w) throws ConfigException {
        String kw = w.get(0);
        switch (kw) {
            case "maxconn" -> global = new GlobalSettings(intArg(w, 1, 0, Integer.MAX_VALUE), global.nbthread());
            case "nbthread" -> global = new GlobalSettings(global.maxconn(), intArg(w, 1, 1, 64));
            default -> throw error("unknown keyword '" + kw + "' in 'global' section");
        }
    }

    private void parseProxyKeyword(List<String> w) throws ConfigException {
        String kw = w.get(0);
        ProxyDraft p = current;
        switch (kw) {
            case "mode" -> {
                String m = arg(w, 1);
                if (!m.equals("http")) {
                    throw error("'mode " + m + "' is not supported (expected: http)");
                }
                p.modeSet = true;
            }
            case "bind" -> {
                need(ProxyKind.FRONTEND, kw);
                if (w.size() > 2) {
                    throw error("unsupported bind option '" + w.get(2) + "'");
                }
                for (String a : arg(w, 1).split(",")) {
                    p.binds.add(BindAddress.parse(a));
                }
            }
            case "maxconn" -> {
                need(ProxyKind.FRONTEND, kw);
                p.maxconn = intArg(w, 1, 0, Integer.MAX_VALUE);
            }
            case "acl" -> {
                notDefaults(kw);
                String name = arg(w, 1);
                AclTerm term = AclParser.parseTerm(w.subList(2, w.size()));
                Acl acl = p.acls.get(name);
                p.acls.put(name, acl == null ? new Acl(name, List.of(term)) : acl.plus(term));
            }
            case "use_backend" -> {
                need(ProxyKind.FRONTEND, kw);
                notDefaults(kw);
                String be = arg(w, 1);
                p.backendRules.add(new BackendRule(be, condition(w, 2)));
                p.backendRuleLines.add(line);
            }
            case "default_backend" -> {
                need(ProxyKind.FRONTEND, kw);
                p.defaultBackend = arg(w, 1);
                p.defaultBackendLine = line;
            }
            case "monitor-uri" -> {
                need(ProxyKind.FRONTEND, kw);
                p.monitorUri = arg(w, 1);
            }
            case "http-request" -> {
                notDefaults(kw);
                HttpRequestRule rule = httpRequestRule(w);
                if (rule.action() == HttpRequestRule.Action.USE_SERVICE) {
                    need(ProxyKind.FRONTEND, "http-request use-service");
                }
                p.httpRequestRules.add(rule);
            }
            case "stats" -> {
                // served by the front side only; a backend's stats would never be reached
                need(ProxyKind.FRONTEND, kw);
                p.stats = StatsLineParser.apply(p.stats, w, this::conditionOf);
            }
            case "balance", "hash-type", "cookie", "server", "http-check", "retries" -> {
                need(ProxyKind.BACKEND, kw);
                if (kw.equals("server")) {
                    notDefaults(kw);
                }
                BackendLineParser.apply(p, w, line);
            }
            case "option" -> parseOption(p, w);
            case "timeout" -> {
                String name = arg(w, 1);
                boolean frontSide = name.equals("client") || name.equals("http-request") || name.equals("http-keep-alive");
                Timeouts t = p.timeouts.with(name, TimeValue.millis(arg(w, 2), "timeout " + name));
                need(frontSide ? ProxyKind.FRONTEND : ProxyKind.BACKEND, "timeout " + name);
                p.timeouts = t;
            }
            default -> throw error("unknown keyword '" + kw + "' in '" + p.kind.keyword() + "' section");
        }
    }

    private void parseOption(ProxyDraft p, List<String> w) throws ConfigException {
        String opt = arg(w, 1);
        switch (opt) {
            case "httpchk" -> {
                need(ProxyKind.BACKEND, "option httpchk");
                // http-check lines may come before or after; what they set is kept
                HttpCheckConfig hc = p.httpCheck == null ? HttpCheckConfig.DEFAULT : p.httpCheck;
                if (w.size() == 3) {
                    p.httpCheck = hc.withRequest(hc.method(), w.get(2), hc.version());
                } else if (w.size() >= 4) {
                    p.httpCheck = hc.withRequest(w.get(2), w.get(3), w.size() > 4 ? w.get(4) : hc.version());
                } else {
                    p.httpCheck = hc;
                }
            }
            case "redispatch" -> {
                need(ProxyKind.BACKEND, "option redispatch");
                p.redispatch = true;
            }
            case "forwardfor" -> p.forwardFor = forwardFor(w);
            default -> throw error("unknown option '" + opt + "' in '" + p.kind.keyword() + "' section");
        }
    }

    /* option forwardfor [except <network>] [header <name>] [if-none] */
    private ForwardFor forwardFor(List<String> w) throws ConfigException {
        IpPattern except = null;
        String header = ForwardFor.DEFAULT_HEADER;
        boolean ifNone = false;
        for (int i = 2; i < w.size(); i++) {
            switch (w.get(i)) {
                case "except" -> {
                    try {
                        except = IpPattern.parse(arg(w, ++i));
                    } catch (IllegalArgumentException e) {
                        throw error("'option forwardfor except' expects <address>[/mask] as argument: " + e.getMessage());
                    }
                }
                case "header" -> header = arg(w, ++i);
                case "if-none" -> ifNone = true;
                default -> throw error("'option forwardfor' only supports optional values: 'except', 'header' and"
                        + " 'if-none' (got '" + w.get(i) + "')");
            }
        }
        return new ForwardFor(except, header, ifNone);
    }

    /* http-request deny [deny_status C] | set-header N V | add-header N V | del-header N | use-service S  [if|unless cond] */
    private HttpRequestRule httpRequestRule(List<String> w) throws ConfigException {
        String a = arg(w, 1);
        HttpRequestRule.Action action = HttpRequestRule.Action.of(a);
        if (action == null) {
            throw error("'http-request " + a + "' is not supported (expected: deny, set-header, add-header, del-header, use-service)");
        }
        int args = switch (action) {
            case DENY -> 0;
            case DEL_HEADER, USE_SERVICE -> 1;
            case SET_HEADER, ADD_HEADER -> 2;
        };
        for (int i = 0; i < args; i++) {
            String v = arg(w, 2 + i);
            if (v.equals("if") || v.equals("unless")) {
                throw error("'http-request " + a + "' expects " + args + " argument(s)");
            }
        }
        String name = args > 0 ? w.get(2) : null;
        String value = args > 1 ? w.get(3) : null;
        if (value != null && value.replace(HttpRequestRule.SOURCE_SAMPLE, "").contains("%[")) {
            throw error("unsupported sample expression in '" + value + "' (only " + HttpRequestRule.SOURCE_SAMPLE
                    + " is supported in header values)");
        }
        if (action == HttpRequestRule.Action.USE_SERVICE && !"prometheus-exporter".equals(name)) {
            throw error("unknown service '" + name + "' (expected: prometheus-exporter)");
        }
        int at = 2 + args;
        int denyStatus = 403;
        if (action == HttpRequestRule.Action.DENY && at < w.size() && w.get(at).equals("deny_status")) {
            String code = arg(w, at + 1);
            denyStatus = code.matches("[0-9]{3}") ? Integer.parseInt(code) : -1;
            if (!HttpRequestRule.DENY_STATUSES.contains(denyStatus)) {
                throw error("status code '" + code + "' not handled by default with 'default-errorfiles' argument"
                        + " (expected one of " + new java.util.TreeSet<>(HttpRequestRule.DENY_STATUSES) + ")");
            }
            at += 2;
        }
        return new HttpRequestRule(action, name, value, denyStatus, condition(w, at));
    }

    /* [ ( 'if' | 'unless' ) condition ] at position i */
    private Condition condition(List<String> w, int i) throws ConfigException {
        if (i >= w.size()) {
            return Condition.ALWAYS;
        }
        String k = w.get(i);
        if (!k.equals("if") && !k.equals("unless")) {
            throw error("unexpected '" + k + "' (expected: 'if' or 'unless')");
        }
        return conditionOf(w.subList(i, w.size()));
    }

    private Condition conditionOf(List<String> ifWords) {
        ProxyDraft p = current;
        return AclParser.parseCondition(ifWords.get(0).equals("unless"), ifWords.subList(1, ifWords.size()),
                p.acls::get);
    }

    private void need(ProxyKind side, String kw) throws ConfigException {
        boolean ok = side == ProxyKind.FRONTEND ? current.kind.hasFront() : current.kind.hasBack();
        if (!ok) {
            throw error("'" + kw + "' is not allowed in a '" + current.kind.keyword() + "' section");
        }
    }

    private void notDefaults(String kw) throws ConfigException {
        if (current.kind == ProxyKind.DEFAULTS) {
            throw error("'" + kw + "' is not allowed in a 'defaults' section");
        }
    }

    private String arg(List<String> w, int i) throws ConfigException {
        if (i >= w.size()) {
            throw error("'" + String.join(" ", w.subList(0, Math.min(w.size(), 2))) + "' expects an argument");
        }
        return w.get(i);
    }

    private int intArg(List<String> w, int i, int min, int max) throws ConfigException {
        String s = arg(w, i);
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw error("'" + w.get(0) + "': " + v + " (expected: " + min + ".." + max + ")");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error("'" + w.get(0) + "' expects an integer, got '" + s + "'");
        }
    }

    private FrontConfig finish() throws ConfigException {
        List<ProxyConfig> out = new ArrayList<>();
        for (ProxyDraft p : proxies) {
            line = p.line;
            if (p.stats.admin() != null && p.stats.auth().isEmpty()) {
                // actions are for an authenticated administrator only
                throw error(p.kind.keyword() + " '" + p.name + "': 'stats admin' needs 'stats auth'");
            }
            if (p.kind.hasFront() && p.binds.isEmpty()) {
                throw error(p.kind.keyword() + " '" + p.name + "' has no 'bind' directive");
            }
            for (int i = 0; i < p.backendRules.size(); i++) {
                line = p.backendRuleLines.get(i);
                checkBackend(p, p.backendRules.get(i).backend());
            }
            if (p.kind.hasFront() && p.defaultBackend != null) {
                line = p.defaultBackendLine;
                checkBackend(p, p.defaultBackend);
            }
            if (p.kind.hasBack()) {
                Set<String> names = new HashSet<>();
                for (ServerConfig s : p.servers) {
                    line = s.line();
                    if (!names.add(s.name())) {
                        throw error("backend '" + p.name + "' has two servers named '" + s.name() + "'");
                    }
                }
            }
            out.add(p.freeze());
        }
        return new FrontConfig(file, global, out);
    }

    private void checkBackend(ProxyDraft p, String name) throws ConfigException {
        for (ProxyDraft b : proxies) {
            if (b.kind.hasBack() && b.name.equals(name)) {
                return;
            }
        }
        throw error("unable to find required backend '" + name + "' for " + p.kind.keyword() + " '" + p.name + "'");
    }
}
