package io.lacquer.front.stats;

/**
 * Renders a snapshot as HAProxy's CSV: a {@code # }-prefixed header line of column names, one
 * line per row, every line ending with a comma.
 */
public final class CsvStatsRenderer {
    private CsvStatsRenderer() {
    }

    /** Renders the CSV text. */
    public static String render(StatsSnapshot snapshot) {
        StringBuilder sb = new StringBuilder(4096);
        sb.append("# ");
        for (StatField f : StatField.values()) {
            sb.append(f.column()).append(',');
        }
        sb.append('\n');
        for (StatsRow row : snapshot.rows()) {
            for (StatField f : StatField.values()) {
                sb.append(quote(row.get(f))).append(',');
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /* HAProxy quotes a value only when it would be ambiguous, doubling inner quotes. */
    static String quote(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
