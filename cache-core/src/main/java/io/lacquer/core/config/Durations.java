package io.lacquer.core.config;

import java.util.Locale;

/** Parses and prints durations as VCL writes them: a number with ms, s, m, h, d, w or y. */
public final class Durations {
    private Durations() {
    }

    /** Seconds in {@code text}: a bare number means seconds. Throws IllegalArgumentException. */
    public static double parseSeconds(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        double unit = 1;
        String digits = t;
        if (t.endsWith("ms")) {
            unit = 0.001;
            digits = t.substring(0, t.length() - 2);
        } else if (!t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1))) {
            unit = switch (t.charAt(t.length() - 1)) {
                case 's' -> 1;
                case 'm' -> 60;
                case 'h' -> 3600;
                case 'd' -> 86400;
                case 'w' -> 7 * 86400;
                case 'y' -> 365 * 86400;
                default -> throw new IllegalArgumentException("unknown duration unit in \"" + text + "\"");
            };
            digits = t.substring(0, t.length() - 1);
        }
        double v = Double.parseDouble(digits);
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("not a duration: \"" + text + "\"");
        }
        return v * unit;
    }
}
