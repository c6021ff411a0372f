package io.lacquer.front.config;

/**
 * Parses HAProxy time values: a number with an optional unit ({@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d}); no unit means milliseconds.
 */
public final class TimeValue {
    private TimeValue() {
    }

    /**
     * Returns the value in milliseconds.
     *
     * @throws IllegalArgumentException when the text is not a time value
     */
    public static long millis(String text) {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("invalid time value '" + text + "' (expected: <number>[us|ms|s|m|h|d])");
        }
        long n = Long.parseLong(text.substring(0, i));
        String unit = text.substring(i);
        return switch (unit) {
            case "", "ms" -> n;
            case "us" -> Math.max(n / 1000, n == 0 ? 0 : 1);
            case "s" -> n * 1000;
            case "m" -> n * 60_000;
            case "h" -> n * 3_600_000;
            case "d" -> n * 86_400_000;
            default -> throw new IllegalArgumentException("invalid time unit in '" + text + "' (expected: us, ms, s, m, h or d)");
        };
    }
}
