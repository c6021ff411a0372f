package io.lacquer.front.acl;

import org.jspecify.annotations.Nullable;

/**
 * How a fetched sample is compared to an ACL's patterns ({@code -m} in HAProxy).
 */
public enum MatchMethod {
    /** Exact string equality. */
    STR("str"),
    /** The sample starts with the pattern. */
    BEG("beg"),
    /** The sample ends with the pattern. */
    END("end"),
    /** The sample contains the pattern. */
    SUB("sub"),
    /** The pattern is a regular expression found in the sample. */
    REG("reg"),
    /** The pattern is a run of slash-delimited components of the sample. */
    DIR("dir"),
    /** The pattern is a run of dot-delimited components of the sample. */
    DOM("dom"),
    /** The sample's length equals the pattern (an integer). */
    LEN("len"),
    /** The sample exists; patterns are not allowed. */
    FOUND("found"),
    /** The sample is an address inside the pattern (an address or CIDR block). */
    IP("ip");

    private final String keyword;

    MatchMethod(String keyword) {
        this.keyword = keyword;
    }

    /** The keyword after {@code -m}. */
    public String keyword() {
        return keyword;
    }

    /** Returns the method named by {@code -m keyword}, or null. */
    public static @Nullable MatchMethod of(String keyword) {
        for (MatchMethod m : values()) {
            if (m.keyword.equals(keyword)) {
                return m;
            }
        }
        return null;
    }
}
