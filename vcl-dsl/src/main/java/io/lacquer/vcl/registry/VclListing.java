package io.lacquer.vcl.registry;

/**
 * One line of {@code vcl.list}.
 *
 * @param active whether new requests use it
 * @param state the state asked for (auto, warm, cold)
 * @param warm whether it is warm now
 * @param busy requests known to be running on it (not counted yet: always 0)
 * @param name its name
 * @param labelOf for a label, the policy it points at; else null
 */
public record VclListing(boolean active, VclState state, boolean warm, int busy, String name, String labelOf) {
    /** The line as varnishd prints it: {@code active      auto    warm        0    boot}. */
    public String render() {
        String line = String.format("%-11s %-7s %-11s %-4d %s", active ? "active" : "available", state.vclName(),
                warm ? "warm" : "cold", busy, name);
        return labelOf == null ? line : line + " -> " + labelOf;
    }
}
