package io.lacquer.core.ban;

import io.lacquer.core.config.Durations;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses a ban expression given as words, as the CLI's {@code ban} receives them (Varnish's
 * {@code cache_ban_build.c}):
 * <pre>
 * ban        = condition *( "&amp;&amp;" condition )
 * condition  = field operator argument
 * field      = "req.url" / "req.http." name / "obj.status" / "obj.http." name
 *            / "obj.ttl" / "obj.age" / "obj.grace" / "obj.keep"
 * operator   = "==" / "!=" / "~" / "!~"            ; strings and durations
 *            / "&lt;" / "&lt;=" / "&gt;" / "&gt;="             ; durations only
 * </pre>
 * Errors carry varnishd's messages.
 */
public final class BanParser {
    private BanParser() {
    }

    /** The ban the words describe, added at {@code time} (epoch ms). */
    public static Ban parse(List<String> words, double time) throws BanException {
        if (words.size() % 4 != 3) {
            throw new BanException("Wrong number of arguments");
        }
        List<Ban.Condition> conditions = new ArrayList<>();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < words.size(); i += 4) {
            if (i > 0) {
                if (!words.get(i - 1).equals("&&")) {
                    throw new BanException("Expected \"&&\" got \"" + words.get(i - 1) + "\"");
                }
                shown.add("&&");
            }
            Ban.Condition c = condition(words.get(i), words.get(i + 1), words.get(i + 2));
            conditions.add(c);
            shown.add(words.get(i));
            shown.add(words.get(i + 1));
            shown.add(c.field().isDuration() ? formatDuration(c.seconds()) : words.get(i + 2));
        }
        return new Ban(time, List.copyOf(shown), List.copyOf(conditions));
    }

    /**
     * The words of a ban given as one string, as a policy's {@code ban()} and {@code std.ban()} take
     * it: split at white space, double quotes keeping a word together (varnishd's {@code VAV_Parse}
     * without escapes), e.g. {@code req.http.host == "example.com" && req.url ~ ^/news}. Null
     * counts as empty.
     */
    public static List<String> words(String expression) throws BanException {
        List<String> words = new ArrayList<>();
        int i = 0;
        int n = expression == null ? 0 : expression.length();
        while (i < n) {
            char c = expression.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"') {
                int end = expression.indexOf('"', i + 1);
                if (end < 0) {
                    throw new BanException("Missing '\"'");
                }
                words.add(expression.substring(i + 1, end));
                i = end + 1;
            } else {
                int start = i;
                while (i < n && !Character.isWhitespace(expression.charAt(i))) {
                    i++;
                }
                words.add(expression.substring(start, i));
            }
        }
        if (words.isEmpty()) {
            throw new BanException("No ban conditions found.");
        }
        return words;
    }

    private static Ban.Condition condition(String fieldText, String op, String arg) throws BanException {
        Ban.Field field = null;
        String header = null;
        for (Ban.Field f : Ban.Field.values()) {
            if (f.prefix().endsWith(".") ? fieldText.startsWith(f.prefix()) && fieldText.length() > f.prefix().length()
                    : fieldText.equals(f.prefix())) {
                field = f;
                header = f.prefix().endsWith(".") ? fieldText.substring(f.prefix().length()) : null;
                break;
            }
        }
        if (field == null) {
            throw new BanException("Unknown or unsupported field \"" + fieldText + "\"");
        }
        Ban.Operator operator = Ban.Operator.of(op);
        boolean ordering = operator == Ban.Operator.LT || operator == Ban.Operator.LE
                || operator == Ban.Operator.GT || operator == Ban.Operator.GE;
        if (field.isDuration()) {
            if (operator == null || operator == Ban.Operator.MATCH || operator == Ban.Operator.NO_MATCH) {
                throw new BanException("expected conditional (==, !=, <, <=, > or >=) got \"" + op + "\"");
            }
            double seconds;
            try {
                seconds = Durations.parseSeconds(arg);
            } catch (IllegalArgumentException e) {
                throw new BanException("expected duration <n.nn>[ms|s|m|h|d|w|y] got \"" + arg + "\"");
            }
            return new Ban.Condition(field, null, operator, arg, null, seconds);
        }
        if (operator == null || ordering) {
            throw new BanException("expected conditional (==, !=, ~ or !~) got \"" + op + "\"");
        }
        Pattern pattern = null;
        if (operator == Ban.Operator.MATCH || operator == Ban.Operator.NO_MATCH) {
            try {
                pattern = Pattern.compile(arg);
            } catch (PatternSyntaxException e) {
                throw new BanException("Regex compile error: " + e.getDescription());
            }
        }
        return new Ban.Condition(field, header, operator, arg, pattern, 0);
    }

    /** A duration in the largest VCL unit that writes it exactly, as varnishd lists bans ("7d" is "1w"). */
    static String formatDuration(double seconds) {
        long ms = Math.round(seconds * 1000);
        long[] units = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000};
        String[] names = {"y", "w", "d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (ms != 0 && ms % units[i] == 0) {
                return ms / units[i] + names[i];
            }
        }
        return ms + "ms";
    }
}
