/**
 * The backend side of a request: its own state machine, which builds the backend request, fetches,
 * lets the policy decide, then streams the body into a {@link io.lacquer.core.fetch.BusyObject}
 * that every waiting client reads from.
 *
 * <p>Starting points: {@link io.lacquer.core.fetch.FetchFsm}, {@link io.lacquer.core.fetch.FetchStep},
 * {@link io.lacquer.core.fetch.BusyObject}.
 */
package io.lacquer.core.fetch;
