package io.lacquer.admin.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Column alignment as varnishd's {@code VCLI_VTE} does it for listings: the first column is padded
 * to its widest cell plus a gap, each later one to its widest cell plus one plus the gap, the last
 * one not at all; the gap is {@code (80 - longest row) / columns}, between 1 and 3.
 */
final class VteTable {
    private final List<String[]> rows = new ArrayList<>();

    /** Adds a row of cells. */
    VteTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    /** The aligned rows, each ending with a newline. */
    String render() {
        int columns = 0;
        int longest = 0;
        for (String[] r : rows) {
            columns = Math.max(columns, r.length);
            longest = Math.max(longest, String.join("\t", r).length());
        }
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length() + (i > 0 ? 1 : 0));
            }
        }
        int gap = columns == 0 ? 1 : Math.max(1, Math.min(3, (80 - longest) / columns));
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                sb.append(r[i]);
                if (i < r.length - 1) {
                    sb.append(" ".repeat(width[i] + gap - r[i].length()));
                }
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
