package io.lacquer.it.conformance;

import io.lacquer.core.object.HttpDates;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A cache node under the conformance configuration ({@code -p default_ttl=0 -p default_grace=0
 * -p default_keep=3600}: nothing reused without explicit freshness or a validator, expired
 * objects kept for revalidation) in front of a scripted origin.
 */
abstract class ConformanceBase {
    protected ScriptedOrigin origin;
    protected TestNode node;
    private final AtomicInteger paths = new AtomicInteger();

    @BeforeEach
    void startNode() throws Exception {
        origin = ScriptedOrigin.start();
        node = configure(TestNode.builder(origin.hostPort())
                .param("default_ttl", "0").param("default_grace", "0").param("default_keep", "3600")).start();
    }

    /** Lets a test class change the node's configuration. */
    protected TestNode.Builder configure(TestNode.Builder builder) {
        return builder;
    }

    @AfterEach
    void stopNode() {
        node.close();
        origin.close();
    }

    /** A fresh path for each case, so cases never share objects. */
    protected String path() {
        return "/case/" + paths.incrementAndGet();
    }

    /** Scripts {@code path} to answer 200 with a body naming how many requests it has seen, and these headers. */
    protected void serve(String path, String... headers) {
        serveStatus(path, 200, headers);
    }

    /** Like {@link #serve} with another status. */
    protected void serveStatus(String path, int status, String... headers) {
        origin.on(path, (req, resp) -> {
            resp.status(status);
            for (int i = 0; i < headers.length; i += 2) {
                resp.header(headers[i], headers[i + 1]);
            }
            resp.send("body " + origin.count(path));
        });
    }

    /** Two GETs of {@code path}: whether the second one was answered without asking the origin. */
    protected boolean reused(String path, String... requestHeaders) throws IOException {
        node.get(path, requestHeaders);
        int before = origin.count(path);
        node.get(path, requestHeaders);
        return origin.count(path) == before;
    }

    /** An HTTP date {@code offsetSeconds} from now. */
    protected static String date(long offsetSeconds) {
        return HttpDates.format(System.currentTimeMillis() + offsetSeconds * 1000);
    }

    /** {@code GET path} with headers. */
    protected RawHttp.Response get(String path, String... headers) throws IOException {
        return node.get(path, headers);
    }
}
