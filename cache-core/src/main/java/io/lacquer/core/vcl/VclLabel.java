package io.lacquer.core.vcl;

/**
 * A label as {@code return(vcl(label))} names it (varnishd's {@code VCL_VCL}): a second name for a
 * loaded policy, which the operator may point at another one at any time. A policy holds its labels
 * from the time it is loaded; a request resolves one only when it switches, so a relabelling
 * takes effect for the next request that switches.
 */
public interface VclLabel {
    /** The label's name. */
    String name();

    /**
     * The policy the label points at now, already counted in its {@link VclProgram#busy()} for the
     * caller, who must release it once done; null when the label no longer exists.
     */
    VclProgram acquire();
}
