package io.lacquer.front.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Parses ACL expressions and {@code if}/{@code unless} conditions, and holds HAProxy's predefined
 * ACLs ({@code TRUE}, {@code FALSE}, {@code LOCALHOST}, {@code METH_*}, {@code HTTP_1.0}, ...).
 */
public final class AclParser {
    private static final Map<String, Acl> PREDEFINED = predefined();

    private AclParser() {
    }

    /** Returns the predefined ACL with this name, or null. */
    public static @Nullable Acl predefinedAcl(String name) {
        return PREDEFINED.get(name);
    }

    /**
     * Parses an ACL expression.
     * Grammar: {@code fetch['(' arg ')'] { '-i' | '-m' method | '--' } pattern*}.
     *
     * @throws IllegalArgumentException when the fetch, a flag or a pattern is invalid
     */
    public static AclTerm parseTerm(List<String> words) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("missing fetch method in ACL expression");
        }
        String first = words.get(0);
        String name = first;
        String arg = null;
        int paren = first.indexOf('(');
        if (paren >= 0) {
            if (!first.endsWith(")")) {
                throw new IllegalArgumentException("missing ')' in '" + first + "'");
            }
            name = first.substring(0, paren);
            arg = first.substring(paren + 1, first.length() - 1).trim();
            if (arg.isEmpty()) {
                arg = null;
            }
        }
        Fetch fetch = Fetch.of(name);
        MatchMethod method = null;
        if (fetch == null) {
            int us = name.lastIndexOf('_');
            if (us > 0) {
                Fetch base = Fetch.of(name.substring(0, us).equals("cook") ? "req.cookie" : name.substring(0, us));
                MatchMethod m = MatchMethod.of(name.substring(us + 1));
                if (base != null && m != null && base != Fetch.SRC && base != Fetch.METHOD) {
                    fetch = base;
                    method = m;
                }
            }
        }
        if (fetch == null) {
            throw new IllegalArgumentException("unknown fetch method '" + name + "' in ACL expression '" + first + "'");
        }
        if (fetch.needsArg() && arg == null) {
            if (fetch != Fetch.HDR) {
                throw new IllegalArgumentException("fetch method '" + fetch.keyword() + "' expects an argument");
            }
            arg = "host";
        }
        if (!fetch.needsArg() && arg != null) {
            throw new IllegalArgumentException("fetch method '" + fetch.keyword() + "' takes no argument");
        }
        boolean ignoreCase = false;
        int i = 1;
        while (i < words.size() && words.get(i).startsWith("-")) {
            String flag = words.get(i);
            if (flag.equals("--")) {
                i++;
                break;
            } else if (flag.equals("-i")) {
                ignoreCase = true;
                i++;
            } else if (flag.equals("-m")) {
                if (i + 1 >= words.size()) {
                    throw new IllegalArgumentException("'-m' expects a match method");
                }
                MatchMethod m = MatchMethod.of(words.get(i + 1));
                if (m == null) {
                    throw new IllegalArgumentException("unknown match method '" + words.get(i + 1)
                            + "' (expected: str, beg, end, sub, reg, dir, dom, len, found, ip)");
                }
                method = m;
                i += 2;
            } else {
                throw new IllegalArgumentException("unsupported ACL flag '" + flag + "' (expected: -i, -m, --)");
            }
        }
        if (method == null) {
            method = fetch.defaultMethod();
        }
        List<String> patterns = words.subList(i, words.size());
        if (patterns.isEmpty() && method != MatchMethod.FOUND) {
            throw new IllegalArgumentException("no pattern to match against in ACL expression '" + String.join(" ", words) + "'");
        }
        return new AclTerm(fetch, arg, method, ignoreCase, patterns, String.join(" ", words));
    }

    /**
     * Parses a condition after its {@code if} or {@code unless} keyword.
     * Grammar: {@code group { ('or' | '||') group }}, {@code group = item+},
     * {@code item = ['!'] (name | '{' expression '}')}.
     *
     * @param unless whether the keyword was {@code unless}
     * @param words the words after the keyword
     * @param named resolves an ACL name declared in the section, or returns null
     * @throws IllegalArgumentException on an unknown ACL or a malformed condition
     */
    public static Condition parseCondition(boolean unless, List<String> words, Function<String, @Nullable Acl> named) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("missing condition after '" + (unless ? "unless" : "if") + "'");
        }
        List<List<Condition.Item>> groups = new ArrayList<>();
        List<Condition.Item> group = new ArrayList<>();
        int i = 0;
        while (i < words.size()) {
            String w = words.get(i);
            if (w.equals("or") || w.equals("||")) {
                if (group.isEmpty()) {
                    throw new IllegalArgumentException("'" + w + "' without an ACL before it");
                }
                groups.add(group);
                group = new ArrayList<>();
                i++;
                continue;
            }
            boolean negated = false;
            while (w.startsWith("!")) {
                negated = !negated;
                w = w.substring(1);
                if (w.isEmpty()) {
                    i++;
                    if (i >= words.size()) {
                        throw new IllegalArgumentException("'!' at the end of the condition");
                    }
                    w = words.get(i);
                }
            }
            if (w.equals("{")) {
                int close = words.subList(i + 1, words.size()).indexOf("}");
                if (close < 0) {
                    throw new IllegalArgumentException("missing '}' in anonymous ACL");
                }
                List<String> expr = words.subList(i + 1, i + 1 + close);
                group.add(new Condition.Item(negated, new Acl("", List.of(parseTerm(expr)))));
                i += close + 2;
                continue;
            }
            Acl acl = named.apply(w);
            if (acl == null) {
                acl = PREDEFINED.get(w);
            }
            if (acl == null) {
                throw new IllegalArgumentException("no such ACL : '" + w + "'");
            }
            group.add(new Condition.Item(negated, acl));
            i++;
        }
        if (group.isEmpty()) {
            throw new IllegalArgumentException("condition ends with 'or'");
        }
        groups.add(group);
        return new Condition(unless, groups, (unless ? "unless " : "if ") + String.join(" ", words));
    }

    private static Map<String, Acl> predefined() {
        Map<String, Acl> m = new java.util.HashMap<>();
        m.put("TRUE", new Acl("TRUE", List.of(parseTerm(List.of("method", "-m", "found")))));
        // an ACL with no term never matches
        m.put("FALSE", new Acl("FALSE", List.of()));
        m.put("LOCALHOST", new Acl("LOCALHOST", List.of(parseTerm(List.of("src", "127.0.0.1/8", "::1")))));
        m.put("HTTP", new Acl("HTTP", List.of(parseTerm(List.of("method", "-m", "found")))));
        m.put("HTTP_1.0", new Acl("HTTP_1.0", List.of(parseTerm(List.of("req.ver", "1.0")))));
        m.put("HTTP_1.1", new Acl("HTTP_1.1", List.of(parseTerm(List.of("req.ver", "1.1")))));
        m.put("HTTP_URL_ABS", new Acl("HTTP_URL_ABS", List.of(parseTerm(List.of("url_reg", "^[^/:]*://")))));
        m.put("HTTP_URL_SLASH", new Acl("HTTP_URL_SLASH", List.of(parseTerm(List.of("url_beg", "/")))));
        m.put("HTTP_URL_STAR", new Acl("HTTP_URL_STAR", List.of(parseTerm(List.of("url", "*")))));
        m.put("METH_GET", new Acl("METH_GET", List.of(parseTerm(List.of("method", "GET", "HEAD")))));
        for (String meth : List.of("CONNECT", "DELETE", "HEAD", "OPTIONS", "POST", "PUT", "TRACE")) {
            m.put("METH_" + meth, new Acl("METH_" + meth, List.of(parseTerm(List.of("method", meth)))));
        }
        return Map.copyOf(m);
    }
}
