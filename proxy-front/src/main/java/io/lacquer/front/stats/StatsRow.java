package io.lacquer.front.stats;

import java.util.Arrays;

/**
 * One immutable row of statistics: the value of every {@link StatField}, empty when not filled.
 *
 * @param type what the row describes
 * @param cssClass the stats page's class for the row's state colour
 */
public record StatsRow(RowType type, String cssClass, String[] values) {
    /** Copies the values. */
    public StatsRow {
        values = values.clone();
    }

    /** The value of one field, or an empty string. */
    public String get(StatField f) {
        String v = values[f.ordinal()];
        return v == null ? "" : v;
    }

    /** The values in column order. */
    @Override
    public String[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatsRow r && r.type == type && r.cssClass.equals(cssClass) && Arrays.equals(r.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(values);
    }
}
