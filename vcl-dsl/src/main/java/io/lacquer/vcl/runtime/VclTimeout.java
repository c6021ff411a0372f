package io.lacquer.vcl.runtime;

/** Thrown inside a subroutine that ran past its time budget; the call then counts as {@code fail}. */
public final class VclTimeout extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A timeout in {@code sub} after {@code budgetMillis}. */
    public VclTimeout(String sub, long budgetMillis) {
        super(sub + " ran past its time budget of " + budgetMillis + " ms", null, false, false);
    }
}
