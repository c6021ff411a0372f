package io.lacquer.it.basic;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Requests a client sends one after another without waiting are all answered, in order. */
class PipeliningIT {
    private ScriptedOrigin origin;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "max-age=60").send("body of " + req.path()));
        node = TestNode.start(origin.hostPort());
    }

    @AfterEach
    void stop() {
        node.close();
        origin.close();
    }

    @Test
    void pipelinedMissesHitsAndPassesAreAnsweredInOrder() throws Exception {
        node.get("/cached");
        // a request after the first is handled on the thread that finished the previous response,
        // and a miss there waits for its fetch like any other
        String[] paths = {"/miss1", "/miss2", "/cached", "/miss3", "/pass"};
        StringBuilder requests = new StringBuilder();
        for (String p : paths) {
            requests.append(p.equals("/pass") ? "POST " : "GET ").append(p).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    .append(p.equals("/pass") ? "Content-Length: 0\r\n" : "").append("\r\n");
        }
        try (Socket s = RawHttp.open(node.port())) {
            s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            for (String p : paths) {
                RawHttp.Response r = RawHttp.read(in, true);
                assertEquals(200, r.status(), p);
                assertEquals("body of " + p, r.text());
            }
        }
        assertEquals(1, origin.count("/cached"));
    }
}
