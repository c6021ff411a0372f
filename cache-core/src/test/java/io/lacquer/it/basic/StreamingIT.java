package io.lacquer.it.basic;

import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A miss is delivered while it is fetched: the client reads the first bytes before the origin has finished. */
class StreamingIT {
    @Test
    void firstBytesArriveBeforeTheOriginFinishes() throws Exception {
        CountDownLatch clientSawFirstBytes = new CountDownLatch(1);
        CountDownLatch originFinished = new CountDownLatch(1);
        try (ScriptedOrigin origin = ScriptedOrigin.start(); TestNode node = TestNode.start(origin.hostPort())) {
            origin.on("/stream", (req, resp) -> {
                resp.header("Cache-Control", "max-age=60").startChunked();
                resp.chunk("first part;");
                clientSawFirstBytes.await(10, TimeUnit.SECONDS);
                resp.chunk("second part");
                resp.end();
                originFinished.countDown();
            });
            try (Socket s = RawHttp.open(node.port())) {
                s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = new BufferedInputStream(s.getInputStream());
                RawHttp.Response head = RawHttp.readHead(in);
                assertEquals(200, head.status());
                String size = RawHttp.line(in);
                String first = new String(in.readNBytes(Integer.parseInt(size.trim(), 16)), StandardCharsets.UTF_8);

                assertEquals("first part;", first);
                assertFalse(originFinished.getCount() == 0, "the origin has not finished yet");
                clientSawFirstBytes.countDown();
                RawHttp.line(in);
                String second = new String(in.readNBytes(Integer.parseInt(RawHttp.line(in).trim(), 16)), StandardCharsets.UTF_8);
                assertEquals("second part", second);
            }
            assertEquals("first part;second part", node.get("/stream").text(), "and the whole object was stored");
            assertEquals(1, origin.count("/stream"));
        }
    }
}
