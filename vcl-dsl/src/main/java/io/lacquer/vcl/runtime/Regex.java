package io.lacquer.vcl.runtime;

import java.util.regex.Pattern;

/**
 * Regular-expression matches as policies write them. The compiler turns {@code x =~ /re/} (VCL's
 * {@code x ~ "re"}, a search) and {@code x ==~ /re/} (a whole match) into calls here with the
 * pattern compiled once at load; an unset value never matches, as in VCL.
 */
public final class Regex {
    private Regex() {
    }

    /** Whether {@code re} is found anywhere in {@code value}. */
    public static boolean find(Pattern re, CharSequence value) {
        return value != null && re.matcher(value).find();
    }

    /** Whether {@code re} matches the whole of {@code value}. */
    public static boolean matches(Pattern re, CharSequence value) {
        return value != null && re.matcher(value).matches();
    }

    /** Compiles a pattern at load; called from the static initialiser of a compiled policy. */
    public static Pattern compile(String re) {
        return Pattern.compile(re);
    }
}
