package io.lacquer.core.fetch;

import io.lacquer.storage.HashKey;
import io.lacquer.storage.StoredObject;

import java.util.ArrayList;
import java.util.List;

/**
 * An object being fetched: where the client side and the backend side of a miss meet. It starts
 * BUSY; requests for the same object park on it (Varnish's waiting list). Once the policy has
 * decided on the backend response it is "unbusied": the parked requests are woken and deliver from
 * its {@link StreamingBody} while the body is still arriving.
 *
 * <p>Thread-safety: state changes are synchronized; the body has its own lock.
 */
public final class BusyObject {
    /** Where the fetch stands. */
    public enum State {
        /** No response yet; requests wait. */
        BUSY,
        /** The response head is known and the body is streaming (or complete). */
        STREAMING,
        /** The fetch failed before a response could be delivered. */
        FAILED
    }

    private final HashKey key;
    private final StreamingBody body = new StreamingBody();
    private final List<Runnable> waiters = new ArrayList<>(0);
    private State state = State.BUSY;
    private StoredObject head;
    private boolean shared;

    /** A busy object for {@code key} (null for a pass, which nobody else can find). */
    public BusyObject(HashKey key) {
        this.key = key;
    }

    /** The hash key, or null for a pass. */
    public HashKey key() {
        return key;
    }

    /** The body, growing while the fetch runs. */
    public StreamingBody body() {
        return body;
    }

    /** The current state. */
    public synchronized State state() {
        return state;
    }

    /**
     * The response as stored (status, headers, lifetime) once unbusied; its body is a placeholder,
     * read {@link #body()} instead.
     */
    public synchronized StoredObject head() {
        return head;
    }

    /**
     * Whether requests that waited may deliver this response: true for a response that will be
     * stored and for a backend error page; false for an uncacheable one (hit-for-miss), which each
     * waiter must fetch for itself since it may be personal.
     */
    public synchronized boolean isShared() {
        return shared;
    }

    /**
     * Parks {@code resume} until this object is unbusied or fails; returns false, parking nothing,
     * when it already was (the caller looks up again).
     */
    public synchronized boolean park(Runnable resume) {
        if (state != State.BUSY) {
            return false;
        }
        waiters.add(resume);
        return true;
    }

    /** The response head is known: wake every waiter. Returns how many were woken. */
    public int unbusy(StoredObject response, boolean sharedWithWaiters) {
        List<Runnable> woken;
        synchronized (this) {
            if (state != State.BUSY) {
                throw new IllegalStateException("unbusy of an object in state " + state);
            }
            head = response;
            shared = sharedWithWaiters;
            state = State.STREAMING;
            woken = List.copyOf(waiters);
            waiters.clear();
        }
        woken.forEach(Runnable::run);
        return woken.size();
    }

    /** The fetch failed before unbusy: wake every waiter; they look up again. Returns how many were woken. */
    public int fail() {
        List<Runnable> woken;
        synchronized (this) {
            if (state != State.BUSY) {
                return 0;
            }
            state = State.FAILED;
            woken = List.copyOf(waiters);
            waiters.clear();
        }
        body.fail(new java.io.IOException("fetch failed"));
        woken.forEach(Runnable::run);
        return woken.size();
    }
}
