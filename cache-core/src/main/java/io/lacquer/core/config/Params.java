package io.lacquer.core.config;

import java.util.EnumMap;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The current value of every {@link Param}. Reads are lock-free (values are kept in a volatile
 * array); a change is visible to requests that start after it.
 */
public final class Params {
    private volatile double[] values;

    /** Parameters at their defaults. */
    public Params() {
        double[] v = new double[Param.values().length];
        for (Param p : Param.values()) {
            v[p.ordinal()] = p.parse(p.defaultText());
        }
        this.values = v;
    }

    /** Sets {@code param} from text; throws IllegalArgumentException with the reason. */
    public synchronized void set(Param param, String text) {
        requireNonNull(param, "param");
        double v = param.parse(text);
        if (v < param.min()) {
            throw new IllegalArgumentException("Must be at least " + param.minText() + " (attempting to set param '"
                    + param.id() + "' to '" + text + "')");
        }
        double[] next = values.clone();
        next[param.ordinal()] = v;
        values = next;
    }

    /** Puts {@code param} back to its default. */
    public void reset(Param param) {
        set(param, param.defaultText());
    }

    /** The value in the parameter's base unit. */
    public double get(Param param) {
        return values[param.ordinal()];
    }

    /** A seconds parameter in milliseconds. */
    public long millis(Param param) {
        return Math.round(values[param.ordinal()] * 1000);
    }

    /** A count or bytes parameter as an int. */
    public int intValue(Param param) {
        return (int) Math.min(Integer.MAX_VALUE, values[param.ordinal()]);
    }

    /** Every parameter whose value differs from its default. */
    public Map<Param, Double> changed() {
        Map<Param, Double> out = new EnumMap<>(Param.class);
        for (Param p : Param.values()) {
            double v = get(p);
            if (v != p.parse(p.defaultText())) {
                out.put(p, v);
            }
        }
        return out;
    }
}
