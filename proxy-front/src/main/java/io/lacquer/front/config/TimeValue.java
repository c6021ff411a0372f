package io.lacquer.front.config;

/**
 * Parses HAProxy time values: a number with an optional unit ({@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d}); no unit means milliseconds. As in HAProxy, a value past
 * 2147483647 ms (about 24.8 days) is a timer overflow.
 */
public final class TimeValue {
    /** HAProxy's largest timer, in ms. */
    static final long MAX_MILLIS = Integer.MAX_VALUE;

    private TimeValue() {
    }

    /**
     * Returns the value in milliseconds.
     *
     * @param keyword what the value is given to ({@code timeout server}), for the error message
     * @throws IllegalArgumentException when the text is not a time value, or too large a one
     */
    public static long millis(String text, String keyword) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("invalid time value '" + text + "' to '" + keyword
                    + "' (expected: <number>[us|ms|s|m|h|d])");
        }
        long perUnit = switch (text.substring(i)) {
            case "", "ms" -> 1;
            case "us" -> 0;
            case "s" -> 1000;
            case "m" -> 60_000;
            case "h" -> 3_600_000;
            case "d" -> 86_400_000;
            default -> throw new IllegalArgumentException("invalid time unit in '" + text + "' to '" + keyword
                    + "' (expected: us, ms, s, m, h or d)");
        };
        String digits = text.substring(0, i);
        // more digits than a long holds is an overflow too, not a number format error
        long n = digits.length() > 18 ? Long.MAX_VALUE : Long.parseLong(digits);
        long ms = perUnit == 0 ? Math.max(n / 1000, n == 0 ? 0 : 1)
                : n > MAX_MILLIS / perUnit ? Long.MAX_VALUE : n * perUnit;
        if (ms > MAX_MILLIS) {
            throw new IllegalArgumentException("timer overflow in argument '" + text + "' to '" + keyword
                    + "' (maximum value is 2147483647 ms or ~24.8 days)");
        }
        return ms;
    }
}
