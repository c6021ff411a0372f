package io.lacquer.vcl.testing;

import io.lacquer.core.vcl.Action;

import java.util.List;
import java.util.Map;

/**
 * What a policy decided for one request: the subroutines run with what each returned, the
 * backend chosen, how the response would be stored and what the client would get.
 *
 * @param steps each subroutine run and its return, e.g. {@code vcl_recv -> pass}
 * @param recv what vcl_recv returned (the last time, after restarts)
 * @param hashInputs what vcl_hash fed into the object's hash
 * @param backend the backend the fetch went to, or null when there was no fetch or none was healthy
 * @param fetched whether a backend fetch was made
 * @param backendResponse what vcl_backend_response returned, or null
 * @param ttl beresp.ttl after vcl_backend_response, in seconds
 * @param grace beresp.grace after vcl_backend_response, in seconds
 * @param uncacheable whether the response is not stored (pass, hit-for-miss or hit-for-pass)
 * @param stored whether the response would be stored as a cacheable object
 * @param status the status the client gets
 * @param reason the reason phrase the client gets
 * @param headers the response header fields the client gets (names as set, last value wins)
 * @param body the synthetic body, or null for a body from the backend
 * @param logs the lines the policy logged
 * @param bans the bans the policy added ({@code ban()}, {@code std.ban()}), as written
 */
public record Outcome(List<String> steps, Action recv, List<String> hashInputs, String backend, boolean fetched,
                      Action backendResponse, double ttl, double grace, boolean uncacheable, boolean stored,
                      int status, String reason, Map<String, String> headers, String body, List<String> logs,
                      List<String> bans) {
    /** Copies the collections. */
    public Outcome {
        steps = List.copyOf(steps);
        hashInputs = List.copyOf(hashInputs);
        headers = Map.copyOf(headers);
        logs = List.copyOf(logs);
        bans = List.copyOf(bans);
    }

    /** The response header {@code name} (case-insensitive), or null. */
    public String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** Whether the request went to the backend without the cache (a pass). */
    public boolean passed() {
        return steps.contains("vcl_pass -> fetch");
    }
}
