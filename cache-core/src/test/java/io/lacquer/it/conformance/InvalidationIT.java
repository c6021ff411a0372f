package io.lacquer.it.conformance;

import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** RFC 9111 §4.4: unsafe requests that succeed invalidate what they may have changed. */
class InvalidationIT extends ConformanceBase {
    private void send(String method, String target) throws IOException {
        RawHttp.send(node.port(), method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    }

    @Test
    void successfulUnsafeMethodsInvalidateTheTarget() throws Exception {
        for (String method : new String[] {"POST", "PUT", "DELETE", "BREW"}) {
            String p = path();
            serve(p, "Cache-Control", "max-age=600");
            get(p);
            send(method, p);
            int before = origin.count(p);
            get(p);
            assertEquals(before + 1, origin.count(p), method);
        }
    }

    @Test
    void failedOnesDoNot() throws Exception {
        String p = path();
        origin.on(p, (req, resp) -> {
            if ("GET".equals(req.method())) {
                resp.header("Cache-Control", "max-age=600").send("kept");
            } else {
                resp.status(500).send("nope");
            }
        });
        get(p);
        send("POST", p);
        int before = origin.count(p);
        get(p);
        assertEquals(before, origin.count(p));
    }

    @Test
    void sameOriginLocationAndContentLocationToo() throws Exception {
        String target = path();
        String located = path();
        String described = path();
        String foreign = path();
        for (String p : new String[] {located, described, foreign}) {
            serve(p, "Cache-Control", "max-age=600");
            get(p);
        }
        origin.on(target, (req, resp) -> resp.status(201).header("Location", located)
                .header("Content-Location", "http://127.0.0.1" + described).send("created"));
        send("POST", target);
        origin.on(target, (req, resp) -> resp.status(200).header("Location", "http://elsewhere.test" + foreign).send("x"));
        send("POST", target);
        int l = origin.count(located);
        int d = origin.count(described);
        int f = origin.count(foreign);
        get(located);
        get(described);
        get(foreign);
        assertEquals(l + 1, origin.count(located), "Location");
        assertEquals(d + 1, origin.count(described), "Content-Location");
        assertEquals(f, origin.count(foreign), "another origin's URI is left alone");
    }
}
