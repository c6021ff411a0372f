package io.lacquer.front.acl;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The sample fetches ACLs can read, each with its default match method; the {@code path_*} and
 * {@code hdr_*} shorthands are resolved by {@link AclParser}.
 */
public enum Fetch {
    /** The request path, without the query string. */
    PATH("path", false, MatchMethod.STR),
    /** The path and query string. */
    URL("url", false, MatchMethod.STR),
    /** Every value of a request header ({@code hdr(name)}). */
    HDR("hdr", true, MatchMethod.STR),
    /** The client's address. */
    SRC("src", false, MatchMethod.IP),
    /** The request method. */
    METHOD("method", false, MatchMethod.STR),
    /** A request cookie's value ({@code req.cookie(name)}). */
    REQ_COOKIE("req.cookie", true, MatchMethod.STR),
    /** A query-string parameter ({@code url_param(name)}). */
    URL_PARAM("url_param", true, MatchMethod.STR),
    /** The request protocol version, e.g. {@code 1.1}. */
    REQ_VER("req.ver", false, MatchMethod.STR);

    private final String keyword;
    private final boolean needsArg;
    private final MatchMethod defaultMethod;

    Fetch(String keyword, boolean needsArg, MatchMethod defaultMethod) {
        this.keyword = keyword;
        this.needsArg = needsArg;
        this.defaultMethod = defaultMethod;
    }

    /** The fetch name in the configuration. */
    public String keyword() {
        return keyword;
    }

    /** Whether the fetch takes an argument in parentheses. */
    public boolean needsArg() {
        return needsArg;
    }

    /** The match method used when no {@code -m} is given. */
    public MatchMethod defaultMethod() {
        return defaultMethod;
    }

    /** Returns the fetch with this name (also {@code cook} for {@code req.cookie}), or null. */
    public static @Nullable Fetch of(String keyword) {
        if (keyword.equals("cook") || keyword.equals("req.cook")) {
            return REQ_COOKIE;
        }
        if (keyword.equals("req.hdr")) {
            return HDR;
        }
        for (Fetch f : values()) {
            if (f.keyword.equals(keyword)) {
                return f;
            }
        }
        return null;
    }

    /** Reads this fetch's samples from a request; an empty list when there is none. */
    List<String> samples(RequestView req, String arg) {
        return switch (this) {
            case PATH -> List.of(req.path());
            case URL -> List.of(req.uri());
            case HDR -> req.headerValues(arg);
            case SRC -> List.of(req.source().getHostAddress());
            case METHOD -> List.of(req.method());
            case REQ_COOKIE -> {
                String v = req.cookie(arg);
                yield v == null ? List.of() : List.of(v);
            }
            case URL_PARAM -> {
                String v = req.urlParam(arg);
                yield v == null ? List.of() : List.of(v);
            }
            case REQ_VER -> {
                String p = req.protocol();
                yield List.of(p.startsWith("HTTP/") ? p.substring(5) : p);
            }
        };
    }
}
