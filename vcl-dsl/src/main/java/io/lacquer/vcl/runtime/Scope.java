package io.lacquer.vcl.runtime;

import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.Sub;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;

/**
 * What every compiled subroutine body sees as its implicit receiver: the return actions, {@code now},
 * {@code server}, {@code std}, {@code log} and the time budget. The compiler rewrites the names a
 * policy uses ({@code req}, {@code pass}, {@code hash_data(…)}) into calls on a scope, so a body
 * compiles to plain, statically typed method calls. One scope serves one call of one subroutine.
 */
public abstract class Scope {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final GroovyVclProgram program;
    final Sub sub;
    private final long started;
    private long cpuStarted = -1;
    private Std std;

    Scope(GroovyVclProgram program, Sub sub) {
        this.program = program;
        this.sub = sub;
        this.started = program.hasLoops() ? System.nanoTime() : 0;
    }

    /** The subroutine this call runs for. */
    public Sub sub() {
        return sub;
    }

    /** Checked at the top of every loop and closure body: throws once the call is over its budget. */
    public void tick() {
        if (System.nanoTime() - started > program.budgetNanos()) {
            overBudget();
        }
    }

    // The clock also runs while the thread waits for a CPU or for a garbage collection, which on a
    // loaded machine can take longer than the budget without the policy doing anything wrong: past
    // the budget by the clock, the call must also spend a budget's worth of CPU time to be cut.
    private void overBudget() {
        long cpu = THREADS.getCurrentThreadCpuTime();
        if (cpu >= 0 && cpuStarted < 0) {
            cpuStarted = cpu;
        } else if (cpu < 0 || cpu - cpuStarted > program.budgetNanos()) {
            // (no CPU clock on this JVM: the clock alone decides)
            throw new VclTimeout(sub.vclName(), program.budgetNanos() / 1_000_000);
        }
    }

    /** {@code now}. */
    public Instant getNow() {
        return Instant.now();
    }

    /** {@code std}. */
    public Std getStd() {
        if (std == null) {
            std = new Std(program.declarations(), this);
        }
        return std;
    }

    /**
     * {@code ban(expression)}, deprecated in VCL for {@code std.ban()}: adds a ban to the node's
     * list; a refused one is logged to the request's trace.
     */
    public void ban(String expression) {
        String error = addBan(expression);
        if (error != null) {
            log("ban(): " + error);
        }
    }

    /** Adds a ban; returns null, or why it was refused. */
    abstract String addBan(String expression);

    /** {@code log(message)}: a line in the request's trace ({@code VCL_Log}). */
    public void log(Object message) {
        program.log(xid(), sub, String.valueOf(message));
    }

    /** The id of the transaction this call belongs to. */
    abstract long xid();

    /** {@code return fail}. */
    public Action getFail() {
        return Action.FAIL;
    }

    /** {@code return restart}. */
    public Action getRestart() {
        return Action.RESTART;
    }

    /** {@code return pass}. */
    public Action getPass() {
        return Action.PASS;
    }

    /** {@code return pipe}. */
    public Action getPipe() {
        return Action.PIPE;
    }

    /** {@code return hash}. */
    public Action getHash() {
        return Action.HASH;
    }

    /** {@code return purge}. */
    public Action getPurge() {
        return Action.PURGE;
    }

    /** {@code return lookup}. */
    public Action getLookup() {
        return Action.LOOKUP;
    }

    /** {@code return fetch}. */
    public Action getFetch() {
        return Action.FETCH;
    }

    /** {@code return deliver}. */
    public Action getDeliver() {
        return Action.DELIVER;
    }

    /** {@code return retry}. */
    public Action getRetry() {
        return Action.RETRY;
    }

    /** {@code return abandon}. */
    public Action getAbandon() {
        return Action.ABANDON;
    }

    /** {@code return ok}. */
    public Action getOk() {
        return Action.OK;
    }
}
