package io.lacquer.vcl.runtime;

import java.time.Duration;

/**
 * VCL durations ({@code 10.s}, {@code 2.m}, {@code 1.h}, {@code 1.d}): the compiler turns a number
 * literal followed by a unit into a call here, so a duration is a {@link Duration} at run time.
 */
public final class Durations {
    private Durations() {
    }

    /** {@code amount} of {@code unit} (ms, s, m, h, d, w, y), as VCL spells them. */
    public static Duration of(double amount, String unit) {
        double seconds = amount * unitSeconds(unit);
        return ofSeconds(seconds);
    }

    /** Seconds in one {@code unit}, or -1 when it is not a VCL duration unit. */
    public static double unitSeconds(String unit) {
        return switch (unit) {
            case "ms" -> 0.001;
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            case "d" -> 86400;
            case "w" -> 7 * 86400;
            case "y" -> 365 * 86400;
            default -> -1;
        };
    }

    /** A duration of {@code seconds}, fractions kept to the nanosecond. */
    public static Duration ofSeconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    /** {@code d} in seconds. */
    public static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
