package io.lacquer.vcl.registry;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of {@code vcl.list}, with varnishd's words.
 *
 * @param status active, available, or discarded (while requests still hold it)
 * @param state auto, warm or cold as the operator asked, or label
 * @param temperature warm or cold; busy for a discarded policy still held
 * @param busy the requests and fetches holding it now
 * @param name its name
 * @param target for a label, the policy it points at; else null
 * @param refs for a label, the policies that return vcl to it; for a policy, the labels pointing at it
 */
public record VclListing(String status, String state, String temperature, int busy, String name, String target,
                         int refs) {
    /** Whether new requests start on it. */
    public boolean active() {
        return status.equals("active");
    }

    /** Whether it is warm. */
    public boolean warm() {
        return temperature.equals("warm");
    }

    /** Whether it is a label. */
    public boolean label() {
        return target != null;
    }

    /**
     * The cells of the line before alignment, as varnishd's {@code vcl_cli_list} makes them:
     * {@code active  auto  warm  0  v2}, a label adding {@code ->  v1 (2 return(vcl)'s)}, a labelled
     * policy {@code <-  (1 label)}.
     */
    public List<String> cells() {
        List<String> cells = new ArrayList<>(List.of(status, state, temperature, String.format("%6d", busy), name));
        if (target != null) {
            cells.add("->");
            cells.add(refs > 0 ? target + " (" + refs + " return(vcl)" + (refs > 1 ? "'s" : "") + ")" : target);
        } else if (refs > 0) {
            cells.add("<-");
            cells.add("(" + refs + " label" + (refs > 1 ? "s" : "") + ")");
        }
        return cells;
    }
}
