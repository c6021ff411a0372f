package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lacquer.front.testkit.Await;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.RawConnection;
import io.lacquer.front.testkit.ScriptedOrigin;
import io.lacquer.front.testkit.ScriptedOrigin.Reply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the front carries HTTP/1.1 message framing between a client and a server, over raw sockets
 * at both ends: chunked, close-delimited, HEAD, bodiless and HTTP/1.0 responses, interim 1xx,
 * response heads, request bodies, pipelining, truncated or malformed answers, and keep-alive on
 * both sides. The origin is a {@link ScriptedOrigin}, so each response is exact bytes.
 */
class MessageFramingIT {
    private static final String CONFIG = """
            defaults
                mode http
                timeout connect 2s
                timeout client 10s
                timeout server 5s
            frontend web
                bind 127.0.0.1:0
                use_backend reuse if { path_beg /reuse/ }
                default_backend origin
            backend origin
                server o1 127.0.0.1:${origin}
            backend reuse
                server r1 127.0.0.1:${reuse}
            """;
    private static final String OK = "HTTP/1.1 200 OK\r\n";
    /** Headers of 80 bytes each: a response head of a little over 8 KiB. */
    private static final int FILLERS = 104;
    private static final CountDownLatch STALL = new CountDownLatch(1);
    private static ScriptedOrigin origin;
    /** The only server of backend {@code reuse}, used by one test alone so its connections can be counted. */
    private static ScriptedOrigin reuse;
    private static Front front;

    @BeforeAll
    static void start() {
        origin = new ScriptedOrigin()
                .on("/hello", r -> Reply.keep(OK + "Content-Length: 5\r\n\r\nhello"))
                .on("/one", r -> Reply.keep(OK + "Content-Length: 3\r\n\r\none"))
                .on("/two", r -> Reply.keep(OK + "Content-Length: 3\r\n\r\ntwo"))
                .on("/chunked", r -> Reply.keep(OK + "Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5;x=y\r\nhello\r\n1\r\n,\r\nA\r\n wide worl\r\n1\r\nd\r\n0\r\n\r\n"))
                .on("/trailers", r -> Reply.keep(OK + "Transfer-Encoding: chunked\r\nTrailer: X-T\r\n\r\n"
                        + "4\r\nbody\r\n5\r\n then\r\n0\r\nX-T: 1\r\n\r\n"))
                .on("/eof", r -> Reply.close(OK + "Content-Type: text/plain\r\n\r\n" + "read me until the close"))
                .on("/head", r -> Reply.keep(OK + "Content-Type: text/plain\r\nContent-Length: 1234\r\n\r\n"))
                .on("/no-content", r -> Reply.keep("HTTP/1.1 204 No Content\r\n\r\n"))
                .on("/not-modified", r -> Reply.keep("HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n"))
                .on("/http10", r -> Reply.close("HTTP/1.0 200 OK\r\nContent-Length: 6\r\n\r\nold200"))
                .on("/http10-eof", r -> Reply.close("HTTP/1.0 200 OK\r\n\r\nold, until the close"))
                .on("/echo", r -> {
                    String text = r.body().length + " " + sha256(r.body());
                    return Reply.keep(OK + "Content-Length: " + text.length() + "\r\n\r\n" + text);
                })
                .on("/early-hints", r -> Reply.keep("HTTP/1.1 103 Early Hints\r\nLink: </app.css>; rel=preload; as=style\r\n\r\n"
                        + OK + "Content-Length: 5\r\n\r\nfinal"))
                .on("/cookies", r -> Reply.keep(OK + "Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2; Path=/\r\n"
                        + "Content-Length: 2\r\n\r\nok"))
                .on("/spaced", r -> Reply.keep(OK + "X-Spaced:    padded value   \r\nContent-Length: 2\r\n\r\nok"))
                .on("/big-head", r -> {
                    StringBuilder head = new StringBuilder(OK);
                    for (int i = 0; i < FILLERS; i++) {
                        head.append(filler(i)).append("\r\n");
                    }
                    return Reply.keep(head + "Content-Length: 2\r\n\r\nok");
                })
                .on("/garbage", r -> Reply.keep("FOO\r\n\r\n"))
                .on("/gzip-coded", r -> Reply.close(OK + "Transfer-Encoding: gzip\r\n\r\nnot really gzip"))
                .on("/truncated", r -> Reply.close(OK + "Content-Length: 100\r\n\r\n0123456789"))
                .hangUpOn("/hang-up")
                .answerThenHangUp("/refuse", "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 9\r\n"
                        + "Connection: close\r\n\r\ntoo large")
                .on("/stall", r -> {
                    STALL.await(4, TimeUnit.SECONDS);
                    return Reply.keep(OK + "Content-Length: 4\r\n\r\nlate");
                });
        reuse = new ScriptedOrigin().on("/reuse/conn", r -> {
            String text = "connection " + r.connection();
            return Reply.keep(OK + "Content-Length: " + text.length() + "\r\n\r\n" + text);
        });
        front = Front.start(CONFIG, Map.of("origin", origin.port(), "reuse", reuse.port()));
    }

    @AfterAll
    static void stop() {
        STALL.countDown();
        front.close();
        origin.close();
        reuse.close();
    }

    @Test
    void chunkedResponseArrivesWithItsExactBodyAndTheConnectionIsReused() {
        try (Conn c = new Conn()) {
            Response r = c.get("/chunked").response();
            assertEquals(200, r.status, r.head);
            assertEquals("hello, wide world", r.text());
            assertEquals("hello", c.get("/hello").response().text(), "the same client connection answers again");
        }
    }

    @Test
    void chunkedResponseWithTrailersLeavesTheBodyIntactAndTheConnectionUsable() {
        try (Conn c = new Conn()) {
            Response r = c.get("/trailers").response();
            assertEquals(200, r.status, r.head);
            assertEquals("body then", r.text());
            assertEquals("hello", c.get("/hello").response().text());
        }
    }

    @Test
    void closeDelimitedResponseArrivesInFull() {
        try (Conn c = new Conn()) {
            Response r = c.get("/eof").response();
            assertEquals(200, r.status, r.head);
            assertEquals("read me until the close", r.text());
        }
    }

    @Test
    void headResponseKeepsItsContentLengthAndHasNoBody() {
        try (Conn c = new Conn()) {
            c.send("HEAD /head HTTP/1.1\r\nHost: test\r\n\r\n");
            Response r = c.headResponse();
            assertEquals(200, r.status, r.head);
            assertEquals("1234", r.header("Content-Length"), r.head);
            // were body bytes sent after the head, they would be read here instead of a status line
            Response next = c.get("/hello").response();
            assertEquals(200, next.status, next.head);
            assertEquals("hello", next.text());
        }
    }

    @Test
    void noContentAndNotModifiedResponsesLeaveTheConnectionUsable() {
        try (Conn c = new Conn()) {
            Response noContent = c.get("/no-content").response();
            assertEquals(204, noContent.status, noContent.head);
            assertEquals("hello", c.get("/hello").response().text());
            Response notModified = c.get("/not-modified").response();
            assertEquals(304, notModified.status, notModified.head);
            assertEquals("\"v1\"", notModified.header("ETag"));
            assertEquals("hello", c.get("/hello").response().text());
        }
    }

    @Test
    void http10ServerClosingAfterItsResponseDoesNotCloseTheClient() {
        try (Conn c = new Conn()) {
            Response sized = c.get("/http10").response();
            assertEquals(200, sized.status, sized.head);
            assertEquals("old200", sized.text());
            Response untilClose = c.get("/http10-eof").response();
            assertEquals(200, untilClose.status, untilClose.head);
            assertEquals("old, until the close", untilClose.text());
            assertEquals("hello", c.get("/hello").response().text(), "the client's connection stayed open");
        }
    }

    @Test
    void expectContinueWaitsForTheServersContinueBeforeTheBody() {
        byte[] body = bytes(20_000, 7);
        try (Conn c = new Conn()) {
            c.send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                    + body.length + "\r\nExpect: 100-continue\r\n\r\n");
            Response interim = c.headResponse();
            assertEquals(100, interim.status, "the body is only sent after: " + interim.head);
            c.send(body);
            Response r = c.response();
            assertEquals(200, r.status, r.head);
            assertEquals(body.length + " " + sha256(body), r.text());
        }
    }

    @Test
    void earlyHintsBeforeTheFinalResponseDoNotReplaceIt() {
        try (Conn c = new Conn()) {
            Response r = c.get("/early-hints").finalResponse();
            assertEquals(200, r.status, r.head);
            assertEquals("final", r.text());
            assertEquals("hello", c.get("/hello").response().text());
        }
    }

    @Test
    void repeatedSetCookieHeadersArriveAsSeparateLinesInOrder() {
        try (Conn c = new Conn()) {
            Response r = c.get("/cookies").response();
            assertEquals(List.of("a=1; Path=/", "b=2; Path=/"), r.headers("Set-Cookie"), r.head);
        }
    }

    @Test
    void headerValuePaddingIsTrimmed() {
        try (Conn c = new Conn()) {
            Response r = c.get("/spaced").response();
            assertEquals(List.of("padded value"), r.headers("X-Spaced"), r.head);
        }
    }

    @Test
    void anEightKibResponseHeadPassesThrough() {
        try (Conn c = new Conn()) {
            Response r = c.get("/big-head").response();
            assertEquals(200, r.status, r.head);
            assertTrue(r.head.length() > 8 * 1024, "head of " + r.head.length() + " bytes");
            for (int i = 0; i < FILLERS; i++) {
                String line = filler(i);
                assertEquals(List.of(line.substring(line.indexOf(':') + 2)), r.headers(line.substring(0, line.indexOf(':'))));
            }
            assertEquals("ok", r.text());
        }
    }

    @Test
    void garbageInsteadOfAStatusLineGives502() {
        try (Conn c = new Conn()) {
            Response r = c.get("/garbage").response();
            assertEquals(502, r.status, r.head);
        }
    }

    @Test
    void serverFailingAfterTakingARequestWithABodyGives502() {
        try (Conn c = new Conn()) {
            // a body cannot be sent twice, so this is no case for a retry
            c.send("POST /hang-up HTTP/1.1\r\nHost: test\r\nContent-Length: 10\r\n\r\n0123456789");
            Response r = c.response();
            assertEquals(502, r.status, r.head);
        }
        assertEquals(1, origin.received().stream().filter(x -> x.path().equals("/hang-up")).count(), "sent once");
    }

    @Test
    void truncatedBodyClosesTheClientConnectionWithoutHanging() {
        try (Conn c = new Conn()) {
            long t0 = System.nanoTime();
            String got = c.get("/truncated").untilClosed();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms < 4000, "closed after " + ms + " ms");
            int end = got.indexOf("\r\n\r\n");
            if (got.startsWith("HTTP/1.1 200")) {
                assertTrue(got.length() - end - 4 < 100, "fewer than the 100 promised bytes: " + got);
            }
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() {
        try (Conn c = new Conn()) {
            c.send("GET /one HTTP/1.1\r\nHost: test\r\n\r\nGET /two HTTP/1.1\r\nHost: test\r\n\r\n");
            assertEquals("one", c.response().text());
            assertEquals("two", c.response().text());
        }
    }

    @Test
    void sequentialRequestsReuseOneServerConnection() {
        int before = reuse.accepted();
        List<String> seen = new ArrayList<>();
        try (Conn c = new Conn()) {
            for (int i = 0; i < 5; i++) {
                Response r = c.get("/reuse/conn").response();
                assertEquals(200, r.status, r.head);
                seen.add(r.text());
            }
        }
        assertEquals(1, seen.stream().distinct().count(), "one server connection: " + seen);
        assertEquals(before + 1, reuse.accepted());
    }

    @Test
    void contentLengthRequestBodyArrivesByteExact() {
        byte[] body = bytes(100_000, 1);
        try (Conn c = new Conn()) {
            c.send("POST /echo HTTP/1.1\r\nHost: test\r\nX-Case: sized\r\nContent-Length: " + body.length + "\r\n\r\n");
            c.send(body);
            assertEquals(body.length + " " + sha256(body), c.response().text());
        }
        ScriptedOrigin.Request got = received("sized");
        assertEquals(String.valueOf(body.length), got.headers().get("content-length"));
        assertArrayEquals(body, got.body());
    }

    @Test
    void requestBodiesOverTwoMebibytesPassWhole() {
        // the front has no body size limit of its own, as HAProxy (Undertow's default would cut at 2 MiB)
        byte[] body = bytes(3_000_000, 3);
        try (Conn c = new Conn()) {
            c.send("POST /echo HTTP/1.1\r\nHost: test\r\nX-Case: large\r\nContent-Length: " + body.length + "\r\n\r\n");
            c.send(body);
            assertEquals(body.length + " " + sha256(body), c.response().text());
        }
        assertArrayEquals(body, received("large").body());
    }

    @Test
    void aServerRefusingTheBodyHasItsAnswerRelayedAndTheConnectionGoesOn() throws Exception {
        // the server answers on seeing the head and hangs up: sending the body to it fails
        byte[] body = bytes(4_000_000, 4);
        try (Conn c = new Conn()) {
            c.send("POST /refuse HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length + "\r\n\r\n");
            // on its own thread: the body may still be on its way when the answer comes
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> c.send(body));
            Response r = c.response();
            assertEquals(413, r.status, r.head);
            assertEquals("too large", r.text());
            // the rest of the body is read and dropped, so the connection takes the next request
            sent.get(5, TimeUnit.SECONDS);
            assertEquals("hello", c.get("/hello").response().text());
        }
    }

    @Test
    void aRequestHeadTooLargeToForwardGets400AndTheConnectionCloses() {
        // past the front's 16 KiB head buffer (HAProxy's tune.bufsize): HAProxy answers 400 and closes
        try (RawConnection c = new RawConnection(front.server().port("web"), 3000)) {
            String got = c.send("GET /hello HTTP/1.1\r\nHost: test\r\nX-Big: " + "b".repeat(20_000) + "\r\n\r\n")
                    .untilClosed();
            assertTrue(got.startsWith("HTTP/1.1 400"), got);
            assertTrue(got.contains("Connection: close"), got);
        }
    }

    @Test
    void aRequestBodyInATransferCodingTheFrontCannotRelayIsRefusedAndTheConnectionCloses() {
        // RFC 9112 §6: chunked not last leaves the length unknown (400); other codings are not
        // ours to apply (422, as HAProxy)
        for (String[] c : new String[][] {{"gzip", "400"}, {"chunked, gzip", "400"}, {"gzip, chunked", "422"}}) {
            try (RawConnection raw = new RawConnection(front.server().port("web"), 3000)) {
                String got = raw.send("POST /echo HTTP/1.1\r\nHost: test\r\nX-Case: te-" + c[1] + "\r\n"
                        + "Transfer-Encoding: " + c[0] + "\r\n\r\n3\r\nabc\r\n0\r\n\r\n").untilClosed();
                assertTrue(got.startsWith("HTTP/1.1 " + c[1]), c[0] + ": " + got);
                assertTrue(got.contains("Connection: close"), got);
            }
        }
        assertTrue(origin.received().stream().noneMatch(r -> r.headers().getOrDefault("x-case", "").startsWith("te-")),
                "the server saw none of them");
    }

    @Test
    void aResponseInATransferCodingOtherThanChunkedIs502() {
        // relayed, the body would lose its coding: HAProxy answers 502 too
        try (Conn c = new Conn()) {
            Response r = c.get("/gzip-coded").response();
            assertEquals(502, r.status, r.head);
            assertEquals("hello", c.get("/hello").response().text(), "the client's connection goes on");
        }
    }

    @Test
    void chunkedRequestBodyArrivesDecoded() {
        byte[] body = bytes(50_000, 2);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        int[] sizes = {1, 4096, 10, body.length - 4107};
        int at = 0;
        for (int i = 0; i < sizes.length; i++) {
            chunked.writeBytes((Integer.toHexString(sizes[i]) + (i == 1 ? ";ext=1" : "") + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            chunked.write(body, at, sizes[i]);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            at += sizes[i];
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        try (Conn c = new Conn()) {
            c.send("POST /echo HTTP/1.1\r\nHost: test\r\nX-Case: chunked\r\nTransfer-Encoding: chunked\r\n\r\n");
            c.send(chunked.toByteArray());
            assertEquals(body.length + " " + sha256(body), c.response().text());
            assertEquals("hello", c.get("/hello").response().text());
        }
        assertArrayEquals(body, received("chunked").body());
    }

    @Test
    void clientLeavingDuringASlowResponseDoesNotDisturbOtherClients() {
        long stalls = count("/stall");
        try (Conn leaving = new Conn()) {
            leaving.get("/stall");
            Await.until("the server has the slow request", 3000, () -> count("/stall") > stalls);
        }
        try (Conn other = new Conn()) {
            assertEquals("hello", other.get("/hello").response().text(), "served while the slow one is pending");
            STALL.countDown();
            assertEquals("hello", other.get("/hello").response().text(), "served once the slow one has answered");
        }
        try (Conn another = new Conn()) {
            assertEquals("hello", another.get("/hello").response().text());
        }
    }

    private static String filler(int i) {
        return String.format(Locale.ROOT, "X-Filler-%03d: %s", i, "v".repeat(64));
    }

    private static long count(String path) {
        return origin.received().stream().filter(r -> r.path().equals(path)).count();
    }

    private static ScriptedOrigin.Request received(String xCase) {
        return origin.received().stream().filter(r -> xCase.equals(r.headers().get("x-case"))).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("the server got no request " + xCase));
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A response as the client read it: the head's text and the body with its framing removed. */
    private record Response(int status, String head, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }

        /* Values of a header in order; only the one space after the colon is taken off, not trailing ones. */
        List<String> headers(String name) {
            List<String> out = new ArrayList<>();
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    out.add(line.substring(colon + 1).replaceFirst("^[ \t]+", ""));
                }
            }
            return out;
        }

        String header(String name) {
            List<String> all = headers(name);
            return all.isEmpty() ? null : all.get(0);
        }
    }

    /** One client connection to the front, reading responses in whatever framing it uses. */
    private static final class Conn implements AutoCloseable {
        private final RawConnection raw = new RawConnection(front.server().port("web"), 5000);
        private final InputStream in = raw.input();

        Conn get(String path) {
            raw.get(path);
            return this;
        }

        void send(String text) {
            raw.send(text);
        }

        void send(byte[] bytes) {
            raw.send(bytes);
        }

        /** The next response, 1xx included. */
        Response response() {
            return read(false);
        }

        /** The next response to a HEAD (or a 1xx): a head only, whatever its Content-Length says. */
        Response headResponse() {
            return read(true);
        }

        /** The next non-1xx response. */
        Response finalResponse() {
            Response r;
            do {
                r = response();
            } while (r.status < 200);
            return r;
        }

        private Response read(boolean headOnly) {
            try {
                String head = readHead();
                int status = Integer.parseInt(head.substring(9, 12));
                Response r = new Response(status, head, new byte[0]);
                if (headOnly || status < 200 || status == 204 || status == 304) {
                    return r;
                }
                String te = r.header("Transfer-Encoding");
                String length = r.header("Content-Length");
                byte[] body;
                if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
                    body = readChunked();
                } else if (length != null) {
                    int n = Integer.parseInt(length.trim());
                    body = in.readNBytes(n);
                    assertEquals(n, body.length, "the connection closed inside the body");
                } else {
                    body = in.readAllBytes();
                }
                return new Response(status, head, body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private String readHead() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 4 || sb.lastIndexOf("\r\n\r\n") != sb.length() - 4) {
                int c = in.read();
                if (c < 0) {
                    fail("connection closed; received: " + sb);
                }
                sb.append((char) c);
            }
            return sb.toString();
        }

        private byte[] readChunked() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine();
                int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (n == 0) {
                    while (!readLine().isEmpty()) {
                        // trailers, not asserted
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                assertEquals(n, chunk.length, "the connection closed inside a chunk");
                body.writeBytes(chunk);
                assertEquals("", readLine(), "CRLF after a chunk");
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    fail("connection closed inside chunked framing after: " + sb);
                }
                sb.append((char) c);
            }
            return sb.toString().replaceFirst("\r$", "");
        }

        /** Reads until the front closes; fails if it is still open after the read timeout. */
        String untilClosed() {
            return raw.untilClosed();
        }

        @Override
        public void close() {
            raw.close();
        }
    }
}
