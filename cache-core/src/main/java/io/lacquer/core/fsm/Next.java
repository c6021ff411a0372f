package io.lacquer.core.fsm;

/** What a step tells the loop that drives the request. */
enum Next {
    /** Run the next step now. */
    CONTINUE,
    /** The request is parked (waiting for a fetch); a callback will resume it. */
    PARK,
    /** The next step blocks (streams, reads a body): move to a worker thread first. */
    BLOCKING,
    /** The response is on its way; nothing more to do. */
    DONE
}
