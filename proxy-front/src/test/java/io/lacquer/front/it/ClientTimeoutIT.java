package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.testkit.Client;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.RawConnection;
import io.lacquer.front.testkit.TestOrigin;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code timeout client} as HAProxy 2.6 applies it, with no {@code timeout http-request}: it bounds
 * the request head and a response the client does not take, but not the wait for the server.
 */
class ClientTimeoutIT {
    private static TestOrigin origin;
    private static Front front;
    private final Client client = new Client();

    @BeforeAll
    static void start() throws IOException {
        origin = new TestOrigin("o");
        front = start("500ms");
    }

    private static Front start(String clientTimeout) {
        return Front.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client ${client}
                    timeout server 5s
                frontend www
                    bind 127.0.0.1:0
                    default_backend b
                backend b
                    server o 127.0.0.1:${o}
                """, Map.of("o", origin.port(), "client", clientTimeout));
    }

    @AfterAll
    static void stop() throws IOException {
        front.close();
        origin.close();
    }

    @Test
    void anUnfinishedRequestHeadGets408() {
        try (RawConnection c = new RawConnection(front.server().port("www"), 5000)) {
            String got = c.send("GET / HTTP/1.1\r\nHo").untilClosed();
            assertTrue(got.startsWith("HTTP/1.1 408"), got);
        }
    }

    @Test
    void aHeadComingInPiecesIsWaitedForWhileThePiecesKeepComing() {
        // as HAProxy: standing in for `timeout http-request`, `timeout client` bounds each wait, not the whole head
        try (RawConnection c = new RawConnection(front.server().port("www"), 5000)) {
            String head = "GET / HTTP/1.1\r\nHost: x\r\nX-Slow: 0123456789\r\n\r\n";
            c.trickle(head, 8, 250); // 1.5 s in all, three times the 500 ms
            assertTrue(c.response().startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void aServerSlowerThanTheClientTimeoutIsWaitedFor() {
        assertEquals(200, client.get(front.url("www") + "/slow?ms=1500").statusCode());
    }

    @Test
    void aClientThatStopsReadingIsCut() throws IOException {
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), front.server().port("www")));
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /big?kb=65536 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            sleep(3000);
            // what the kernel buffers held arrives, then the end: far less than the 64 MiB asked for
            long n = 0;
            InputStream in = s.getInputStream();
            byte[] buf = new byte[65536];
            try {
                for (int r; (r = in.read(buf)) >= 0; ) {
                    n += r;
                }
            } catch (SocketTimeoutException e) {
                throw new AssertionError("still open after 10 s of reading, " + n + " bytes in");
            } catch (IOException e) {
                // a reset ends it as well as a close
            }
            assertTrue(n < 65536L * 1024, "cut after " + n + " bytes");
        }
    }

    @Test
    void eachRequestOnAConnectionGivesTheNextHeadItsFullTime() throws IOException {
        // the head clock armed when the connection opened must not cut it once a request has come
        try (Front f = start("2s");
                RawConnection c = new RawConnection(f.server().port("www"), 10_000)) {
            sleep(1200);
            assertTrue(c.get("/first").response().startsWith("HTTP/1.1 200"));
            sleep(1600); // past the first clock's 2 s, inside the second's
            assertTrue(c.get("/second").response().startsWith("HTTP/1.1 200"));
            assertEquals("", c.untilClosed(), "an idle kept-alive connection is still closed in the end");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
