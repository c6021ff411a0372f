package io.lacquer.front.config;

import io.lacquer.front.balance.Algorithm;
import io.lacquer.front.balance.HashFunction;
import java.util.List;
import java.util.Locale;

/**
 * Parses the backend-side keywords: {@code balance}, {@code hash-type}, {@code cookie},
 * {@code server}, {@code http-check} and {@code retries}.
 */
final class BackendLineParser {
    private BackendLineParser() {
    }

    static void apply(ProxyDraft p, List<String> w, int line) {
        switch (w.get(0)) {
            case "balance" -> p.balance = balance(w);
            case "hash-type" -> p.hashType = hashType(w);
            case "cookie" -> p.cookie = cookie(w);
            case "server" -> p.servers.add(server(w, p.servers.size() + 1, line));
            case "http-check" -> httpCheck(p, w);
            case "retries" -> p.retries = intValue(w, 1, 0, 100);
            default -> throw new IllegalArgumentException("unknown keyword '" + w.get(0) + "'");
        }
    }

    /* balance <algorithm> [ <arguments> ] */
    static BalanceSpec balance(List<String> w) {
        String a = need(w, 1, "balance");
        String name = a;
        String inner = null;
        int paren = a.indexOf('(');
        if (paren > 0 && a.endsWith(")")) {
            name = a.substring(0, paren);
            inner = a.substring(paren + 1, a.length() - 1);
        }
        Algorithm alg = Algorithm.of(name);
        if (alg == null) {
            throw new IllegalArgumentException("unknown balance algorithm '" + a + "' (expected one of: " + Algorithm.keywords() + ")");
        }
        String arg = null;
        int len = 0;
        int depth = 0;
        boolean whole = false;
        boolean pathOnly = false;
        int draws = 2;
        boolean domainOnly = false;
        List<String> rest = w.subList(2, w.size());
        switch (alg) {
            case URI -> {
                for (int i = 0; i < rest.size(); i++) {
                    switch (rest.get(i)) {
                        case "len" -> len = intValue(rest, ++i, 1, Integer.MAX_VALUE);
                        case "depth" -> depth = intValue(rest, ++i, 1, Integer.MAX_VALUE);
                        case "whole" -> whole = true;
                        case "path-only" -> pathOnly = true;
                        default -> throw new IllegalArgumentException("unknown 'balance uri' option '" + rest.get(i)
                                + "' (expected: len, depth, whole, path-only)");
                    }
                }
                rest = List.of();
            }
            case URL_PARAM -> {
                if (rest.isEmpty()) {
                    throw new IllegalArgumentException("'balance url_param' expects a parameter name");
                }
                arg = rest.get(0);
                rest = rest.subList(1, rest.size());
            }
            case HDR -> {
                if (inner == null || inner.isEmpty()) {
                    throw new IllegalArgumentException("'balance hdr' expects a header name: hdr(<name>)");
                }
                arg = inner.toLowerCase(Locale.ROOT);
                inner = null;
                if (!rest.isEmpty() && rest.get(0).equals("use_domain_only")) {
                    domainOnly = true;
                    rest = rest.subList(1, rest.size());
                }
            }
            case RANDOM -> {
                if (inner != null) {
                    draws = Integer.parseInt(inner);
                    if (draws < 1) {
                        throw new IllegalArgumentException("'balance random' draws: " + draws + " (expected: >= 1)");
                    }
                    inner = null;
                }
            }
            default -> {
            }
        }
        if (inner != null) {
            throw new IllegalArgumentException("'balance " + name + "' takes no argument in parentheses");
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unsupported argument '" + rest.get(0) + "' for 'balance " + name + "'");
        }
        return new BalanceSpec(alg, arg, len, depth, whole, pathOnly, draws, domainOnly);
    }

    /* hash-type map-based|consistent [<function> [avalanche]] */
    static HashType hashType(List<String> w) {
        String method = need(w, 1, "hash-type");
        boolean consistent = switch (method) {
            case "consistent" -> true;
            case "map-based" -> false;
            default -> throw new IllegalArgumentException("unknown hash-type '" + method + "' (expected: map-based, consistent)");
        };
        if (w.size() == 2) {
            // as in HAProxy: a bare `consistent` is sdbm with the avalanche mix
            return new HashType(consistent, HashFunction.SDBM, consistent);
        }
        HashFunction fn = HashFunction.of(w.get(2));
        if (fn == null) {
            throw new IllegalArgumentException("unsupported hash function '" + w.get(2) + "' (expected: "
                    + HashFunction.keywords() + ")");
        }
        if (w.size() > 3 && !w.get(3).equals("avalanche")) {
            throw new IllegalArgumentException("unsupported hash modifier '" + w.get(3) + "' (expected: avalanche)");
        }
        if (w.size() > 4) {
            throw new IllegalArgumentException("unsupported argument '" + w.get(4) + "' for 'hash-type'");
        }
        return new HashType(consistent, fn, w.size() > 3);
    }

    /* cookie <name> [insert|prefix|rewrite] [indirect] [nocache] [httponly] [secure] [domain d] [maxidle t] [maxlife t] */
    static CookieConfig cookie(List<String> w) {
        String name = need(w, 1, "cookie");
        CookieConfig.Mode mode = CookieConfig.Mode.REWRITE;
        boolean indirect = false;
        boolean nocache = false;
        boolean httponly = false;
        boolean secure = false;
        String domain = null;
        long maxidle = 0;
        long maxlife = 0;
        for (int i = 2; i < w.size(); i++) {
            switch (w.get(i)) {
                case "insert" -> mode = CookieConfig.Mode.INSERT;
                case "prefix" -> mode = CookieConfig.Mode.PREFIX;
                case "rewrite" -> mode = CookieConfig.Mode.REWRITE;
                case "indirect" -> indirect = true;
                case "nocache" -> nocache = true;
                case "httponly" -> httponly = true;
                case "secure" -> secure = true;
                case "domain" -> domain = need(w, ++i, "cookie domain");
                case "maxidle" -> maxidle = TimeValue.millis(need(w, ++i, "cookie maxidle"), "cookie maxidle");
                case "maxlife" -> maxlife = TimeValue.millis(need(w, ++i, "cookie maxlife"), "cookie maxlife");
                default -> throw new IllegalArgumentException("unsupported cookie option '" + w.get(i)
                        + "' (expected: insert, prefix, rewrite, indirect, nocache, httponly, secure, domain, maxidle, maxlife)");
            }
        }
        if ((maxidle > 0 || maxlife > 0) && mode != CookieConfig.Mode.INSERT) {
            throw new IllegalArgumentException("cookie 'maxidle' and 'maxlife' need 'insert' mode");
        }
        return new CookieConfig(name, mode, indirect, nocache, httponly, secure, domain, maxidle, maxlife);
    }

    /* server <name> <addr>:<port> [param*] */
    static ServerConfig server(List<String> w, int id, int line) {
        String name = need(w, 1, "server");
        String addr = need(w, 2, "server " + name);
        HostPort at;
        try {
            at = HostPort.parse(addr, 1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("server '" + name + "': " + e.getMessage(), e);
        }
        if (at.host().isEmpty()) {
            throw new IllegalArgumentException("server '" + name + "': address '" + addr + "' needs a host (<addr>:<port>)");
        }
        String host = at.host();
        int port = at.port();
        boolean check = false;
        long inter = ServerConfig.DEFAULT_INTER;
        long fastinter = -1;
        long downinter = -1;
        int rise = ServerConfig.DEFAULT_RISE;
        int fall = ServerConfig.DEFAULT_FALL;
        int weight = 1;
        int maxconn = 0;
        boolean backup = false;
        String cookie = null;
        int checkPort = 0;
        for (int i = 3; i < w.size(); i++) {
            String k = w.get(i);
            switch (k) {
                case "check" -> check = true;
                case "inter" -> inter = TimeValue.millis(need(w, ++i, k), k);
                case "fastinter" -> fastinter = TimeValue.millis(need(w, ++i, k), k);
                case "downinter" -> downinter = TimeValue.millis(need(w, ++i, k), k);
                case "rise" -> rise = intValue(w, ++i, 1, 1000);
                case "fall" -> fall = intValue(w, ++i, 1, 1000);
                case "weight" -> weight = intValue(w, ++i, 0, 256);
                case "maxconn" -> maxconn = intValue(w, ++i, 0, Integer.MAX_VALUE);
                case "backup" -> backup = true;
                case "cookie" -> cookie = need(w, ++i, k);
                case "port" -> checkPort = intValue(w, ++i, 1, 65535);
                default -> throw new IllegalArgumentException("unknown server keyword '" + k + "' for server '" + name
                        + "' (expected: check, inter, fastinter, downinter, rise, fall, weight, maxconn, backup, cookie, port)");
            }
        }
        if (inter <= 0) {
            throw new IllegalArgumentException("server '" + name + "': inter must be > 0");
        }
        return new ServerConfig(name, id, host, port, check, inter, fastinter < 0 ? inter : fastinter,
                downinter < 0 ? inter : downinter, rise, fall, weight, maxconn, backup, cookie, checkPort, line);
    }

    /* http-check send [meth M] [uri U] [ver V] [hdr N V]* | expect [!] status|rstatus|string|rstring P | disable-on-404 */
    static void httpCheck(ProxyDraft p, List<String> w) {
        String sub = need(w, 1, "http-check");
        HttpCheckConfig hc = p.httpCheck == null ? HttpCheckConfig.DEFAULT : p.httpCheck;
        switch (sub) {
            case "send" -> {
                String meth = hc.method();
                String uri = hc.uri();
                String ver = hc.version();
                HttpCheckConfig next = hc;
                for (int i = 2; i < w.size(); i++) {
                    switch (w.get(i)) {
                        case "meth" -> meth = need(w, ++i, "meth");
                        case "uri" -> uri = need(w, ++i, "uri");
                        case "ver" -> ver = need(w, ++i, "ver");
                        case "hdr" -> {
                            String n = need(w, ++i, "hdr");
                            next = next.withHeader(new HttpCheckConfig.Header(n, need(w, ++i, "hdr " + n)));
                        }
                        default -> throw new IllegalArgumentException("unsupported 'http-check send' argument '" + w.get(i)
                                + "' (expected: meth, uri, ver, hdr)");
                    }
                }
                p.httpCheck = next.withRequest(meth, uri, ver);
            }
            case "expect" -> {
                int i = 2;
                boolean negate = false;
                if (i < w.size() && w.get(i).equals("!")) {
                    negate = true;
                    i++;
                }
                String kind = need(w, i, "http-check expect");
                HttpCheckConfig.Expect.Kind k = switch (kind) {
                    case "status" -> HttpCheckConfig.Expect.Kind.STATUS;
                    case "rstatus" -> HttpCheckConfig.Expect.Kind.RSTATUS;
                    case "string" -> HttpCheckConfig.Expect.Kind.STRING;
                    case "rstring" -> HttpCheckConfig.Expect.Kind.RSTRING;
                    default -> throw new IllegalArgumentException("unsupported 'http-check expect' match '" + kind
                            + "' (expected: status, rstatus, string, rstring)");
                };
                String pattern = need(w, i + 1, "http-check expect " + kind);
                if (i + 2 < w.size()) {
                    throw new IllegalArgumentException("unexpected '" + w.get(i + 2) + "' after 'http-check expect'");
                }
                if (k == HttpCheckConfig.Expect.Kind.STATUS) {
                    for (String part : pattern.split(",")) {
                        for (String code : part.split("-")) {
                            Integer.parseInt(code);
                        }
                    }
                }
                p.httpCheck = hc.withExpect(new HttpCheckConfig.Expect(k, negate, pattern));
            }
            case "disable-on-404" -> p.httpCheck = hc.withDisableOn404();
            default -> throw new IllegalArgumentException("unsupported 'http-check " + sub
                    + "' (expected: send, expect, disable-on-404)");
        }
    }

    private static String need(List<String> w, int i, String what) {
        if (i >= w.size()) {
            throw new IllegalArgumentException("'" + what + "' expects an argument");
        }
        return w.get(i);
    }

    private static int intValue(List<String> w, int i, int min, int max) {
        String s = need(w, i, w.get(Math.max(0, i - 1)));
        int v;
        try {
            v = Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + w.get(i - 1) + "' expects an integer, got '" + s + "'");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException("'" + w.get(i - 1) + "': " + v + " (expected: " + min + ".." + max + ")");
        }
        return v;
    }
}
