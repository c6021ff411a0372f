package io.lacquer.core.object;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * HTTP dates (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form with its two-digit year,
 * and asctime, parsed with java.time. Two-digit years follow the RFC's rule rather than
 * SimpleDateFormat's window: a year more than 50 years in the future is the most recent past
 * year with the same last two digits. Values are epoch milliseconds; anything else is invalid.
 */
public final class HttpDates {
    /** What {@link #parse} returns for a value that is not an HTTP date. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final DateTimeFormatter IMF = DateTimeFormatter.ofPattern("dd MMM uuuu HH:mm:ss 'GMT'", Locale.US);
    private static final DateTimeFormatter RFC850 = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("dd-MMM-").appendValueReduced(ChronoField.YEAR, 2, 2, 2000)
            .appendPattern(" HH:mm:ss 'GMT'").toFormatter(Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss uuuu", Locale.US);
    private static final DateTimeFormatter OUT =
            DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private HttpDates() {
    }

    /**
     * The date in {@code value} as epoch ms, or {@link #INVALID}. The day-of-week name is checked
     * for form only: a wrong weekday does not make an otherwise exact date invalid.
     */
    public static long parse(String value) {
        if (value == null) {
            return INVALID;
        }
        String v = value.trim();
        int comma = v.indexOf(',');
        try {
            if (comma == 3 && isLetters(v, 0, 3)) {
                return LocalDateTime.parse(v.substring(4).trim(), IMF).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
            if (comma > 5 && isLetters(v, 0, comma)) {
                return rfc850(v.substring(comma + 1).trim());
            }
            if (v.length() > 4 && v.charAt(3) == ' ' && isLetters(v, 0, 3)) {
                return LocalDateTime.parse(v.substring(4), ASCTIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            return INVALID;
        }
        return INVALID;
    }

    private static boolean isLetters(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!Character.isLetter(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** {@code millis} as an IMF-fixdate. */
    public static String format(long millis) {
        return OUT.format(java.time.Instant.ofEpochMilli(millis));
    }

    private static long rfc850(String v) {
        LocalDateTime t = LocalDateTime.parse(v, RFC850);
        int thisYear = java.time.Year.now(ZoneOffset.UTC).getValue();
        int year = thisYear - thisYear % 100 + t.getYear() % 100;
        if (year > thisYear + 50) {
            year -= 100;
        }
        return t.withYear(year).toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
