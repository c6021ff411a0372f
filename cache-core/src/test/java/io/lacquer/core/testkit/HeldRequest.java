package io.lacquer.core.testkit;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client request kept in flight: its origin holds the answer until the test lets it go, so the
 * test can look at the node while the request runs (varnishtest's
 * {@code server s1 { rxreq; delay 2; txresp }} with a client started in the background).
 *
 * <pre>{@code
 * HeldRequest slow = HeldRequest.start(origin, "/slow", () -> node.get("/slow"));
 * slow.awaitArrival();
 * ... // the request is at the origin
 * RawHttp.Response r = slow.release();
 * }</pre>
 */
public final class HeldRequest {
    private final CountDownLatch arrived = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private final CompletableFuture<RawHttp.Response> response;

    private HeldRequest(ScriptedOrigin origin, String path, Callable<RawHttp.Response> client) {
        origin.on(path, (req, resp) -> {
            arrived.countDown();
            released.await(10, TimeUnit.SECONDS);
            resp.header("Cache-Control", "no-store").send("held");
        });
        response = CompletableFuture.supplyAsync(() -> {
            try {
                return client.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Scripts {@code path} on {@code origin} to hold its answer, then sends {@code client}'s request in the background. */
    public static HeldRequest start(ScriptedOrigin origin, String path, Callable<RawHttp.Response> client) {
        return new HeldRequest(origin, path, client);
    }

    /** Waits (up to 10 s) until the request is at the origin. */
    public void awaitArrival() throws InterruptedException {
        assertTrue(arrived.await(10, TimeUnit.SECONDS), "the request reached the origin");
    }

    /** Lets the origin answer (a no-store "held") and returns the client's response. */
    public RawHttp.Response release() throws Exception {
        released.countDown();
        return response.get(10, TimeUnit.SECONDS);
    }
}
