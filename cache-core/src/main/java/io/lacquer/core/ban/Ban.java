package io.lacquer.core.ban;

import io.lacquer.core.http.HeaderFields;
import io.lacquer.storage.StoredObject;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One ban: a conjunction of conditions on the request ({@code req.*}) and the object
 * ({@code obj.*}), and the time it was added. Immutable.
 *
 * @param time when it was added, epoch ms with microseconds as the fraction
 * @param args the expression's words, as given (durations normalised)
 * @param conditions the conditions, all of which must hold
 */
public record Ban(double time, List<String> args, List<Condition> conditions) {
    /** What a condition looks at. */
    public enum Field {
        REQ_URL("req.url", false, false),
        REQ_HTTP("req.http.", false, false),
        OBJ_STATUS("obj.status", true, false),
        OBJ_HTTP("obj.http.", true, false),
        OBJ_TTL("obj.ttl", true, true),
        OBJ_AGE("obj.age", true, true),
        OBJ_GRACE("obj.grace", true, true),
        OBJ_KEEP("obj.keep", true, true);

        private final String prefix;
        private final boolean object;
        private final boolean duration;

        Field(String prefix, boolean object, boolean duration) {
            this.prefix = prefix;
            this.object = object;
            this.duration = duration;
        }

        /** The field's spelling (a prefix for the header fields). */
        public String prefix() {
            return prefix;
        }

        /** Whether it reads the object only (the lurker can test it without a request). */
        public boolean isObject() {
            return object;
        }

        /** Whether it is a duration, compared with the ordering operators too. */
        public boolean isDuration() {
            return duration;
        }
    }

    /** A comparison. */
    public enum Operator {
        EQ("=="), NE("!="), MATCH("~"), NO_MATCH("!~"), LT("<"), LE("<="), GT(">"), GE(">=");

        private final String text;

        Operator(String text) {
            this.text = text;
        }

        /** How it is written. */
        public String text() {
            return text;
        }

        /** The operator written {@code text}, or null. */
        static Operator of(String text) {
            for (Operator o : values()) {
                if (o.text.equals(text)) {
                    return o;
                }
            }
            return null;
        }
    }

    /**
     * One condition.
     *
     * @param field what it looks at
     * @param header the header name for {@code req.http.*} and {@code obj.http.*}, else null
     * @param operator the comparison
     * @param value the string compared with
     * @param pattern the compiled regular expression for {@code ~} and {@code !~}, else null
     * @param seconds the duration compared with, for duration fields
     */
    public record Condition(Field field, String header, Operator operator, String value, Pattern pattern, double seconds) {
        /** Whether this condition holds for an object and the request looking it up (which may be null). */
        boolean holds(StoredObject o, String url, HeaderFields req, long now) {
            if (field.isDuration()) {
                double v = switch (field) {
                    case OBJ_TTL -> (o.freshUntil() - now) / 1000.0;
                    case OBJ_AGE -> (now - o.origin()) / 1000.0;
                    case OBJ_GRACE -> o.graceMillis() / 1000.0;
                    default -> o.keepMillis() / 1000.0;
                };
                return switch (operator) {
                    case EQ -> v == seconds;
                    case NE -> v != seconds;
                    case LT -> v < seconds;
                    case LE -> v <= seconds;
                    case GT -> v > seconds;
                    case GE -> v >= seconds;
                    default -> false;
                };
            }
            String subject = switch (field) {
                case REQ_URL -> url;
                case REQ_HTTP -> req == null ? null : req.get(header);
                case OBJ_STATUS -> Integer.toString(o.status());
                case OBJ_HTTP -> o.header(header);
                default -> null;
            };
            if (subject == null) {
                // an unset field is never equal or matching, always different and not matching
                return operator == Operator.NE || operator == Operator.NO_MATCH;
            }
            return switch (operator) {
                case EQ -> subject.equals(value);
                case NE -> !subject.equals(value);
                case MATCH -> pattern.matcher(subject).find();
                case NO_MATCH -> !pattern.matcher(subject).find();
                default -> false;
            };
        }
    }

    /** The expression as {@code ban.list} shows it. */
    public String spec() {
        return String.join(" ", args);
    }

    /** Whether every condition reads the object only, so the lurker can apply it. */
    public boolean objectOnly() {
        return conditions.stream().allMatch(c -> c.field().isObject());
    }

    /** Whether the ban matches an object looked up by a request ({@code req} null for the lurker). */
    public boolean matches(StoredObject o, String url, HeaderFields req, long now) {
        for (Condition c : conditions) {
            if (!c.holds(o, url, req, now)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code o} entered the cache before this ban, so that the ban applies to it. */
    public boolean predates(StoredObject o) {
        return o.stored() < time;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%10.6f %s", time / 1000, spec());
    }
}
