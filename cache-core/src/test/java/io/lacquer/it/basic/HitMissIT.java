package io.lacquer.it.basic;

import io.lacquer.core.backend.Director;
import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import io.lacquer.core.vcl.Action;
import io.lacquer.core.vcl.BuiltinVcl;
import io.lacquer.core.vcl.ClientContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Misses fill the cache, hits are served from it, with Varnish's response headers. */
class HitMissIT {
    private ScriptedOrigin origin;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        origin = ScriptedOrigin.start();
        node = TestNode.start(origin.hostPort());
    }

    @AfterEach
    void stop() {
        node.close();
        origin.close();
    }

    @Test
    void aLifetimeTooLongToCountIsTakenAsTheLongestOne() throws Exception {
        // a ttl of 1e300 s once overflowed the object's expiry time, which then lay in the past
        node.close();
        node = TestNode.builder(origin.hostPort()).param("default_ttl", "1e300").param("default_grace", "1e300").start();
        origin.on("/forever", (req, resp) -> resp.send("kept"));
        assertEquals("kept", node.get("/forever").text());
        assertEquals("kept", node.get("/forever").text());
        assertEquals(1, origin.count("/forever"), "the second request is a hit");
    }

    @Test
    void secondRequestIsAHitWithBothXids() throws Exception {
        origin.on("/a", (req, resp) -> resp.header("Cache-Control", "max-age=60").header("X-Origin", "yes").send("hello"));

        RawHttp.Response miss = node.get("/a");
        RawHttp.Response hit = node.get("/a");

        assertEquals(200, miss.status());
        assertEquals("hello", miss.text());
        assertEquals("hello", hit.text());
        assertEquals("yes", hit.header("X-Origin"));
        assertEquals(1, origin.count("/a"));
        String missXid = miss.header("X-Varnish");
        assertTrue(missXid.matches("\\d+"), missXid);
        String[] hitXids = hit.header("X-Varnish").split(" ");
        assertEquals(2, hitXids.length, hit.header("X-Varnish"));
        assertEquals(missXid, hitXids[1], "a hit names the request that created the object");
        assertNotNull(hit.header("Age"));
        assertTrue(hit.header("Via").startsWith("1.1 ") && hit.header("Via").contains("Lacquer/"), hit.header("Via"));
        assertEquals("5", hit.header("Content-Length"));
        assertEquals(1, node.counter(Counter.CACHE_MISS));
        assertEquals(1, node.counter(Counter.CACHE_HIT));
        assertEquals(2, node.counter(Counter.CLIENT_REQ));
        assertEquals(1, node.counter(Counter.S_FETCH));
        assertEquals(1, node.awaitCounter(Counter.N_OBJECT, 1));
    }

    @Test
    void missFetchesTheWholeObjectWithGetAndXVarnish() throws Exception {
        origin.on("/b", (req, resp) -> resp.header("Cache-Control", "max-age=60").send("b"));

        RawHttp.Response head = RawHttp.request(node.port(), "HEAD", "/b", "If-None-Match: \"x\"", "Range: bytes=0-0");
        RawHttp.Response get = node.get("/b");

        assertEquals(200, head.status());
        assertEquals("b", get.text());
        ScriptedOrigin.Request bereq = origin.last("/b");
        assertEquals("GET", bereq.method(), "a miss for HEAD fetches the object with GET");
        assertEquals(null, bereq.header("If-None-Match"), "conditionals are not forwarded on a miss");
        assertEquals(null, bereq.header("Range"), "ranges are not forwarded on a miss");
        assertNotNull(bereq.header("X-Varnish"));
        assertEquals("127.0.0.1", bereq.header("X-Forwarded-For"));
        assertEquals(1, origin.count("/b"));
    }

    @Test
    void lookupIsByUrlAndHost() throws Exception {
        AtomicInteger n = new AtomicInteger();
        origin.on("/h", (req, resp) -> resp.header("Cache-Control", "max-age=60").send(req.header("host") + n.incrementAndGet()));

        String one = RawHttp.send(node.port(), "GET /h HTTP/1.1\r\nHost: one.test\r\nConnection: close\r\n\r\n").text();
        String two = RawHttp.send(node.port(), "GET /h HTTP/1.1\r\nHost: two.test\r\nConnection: close\r\n\r\n").text();
        String oneAgain = RawHttp.send(node.port(), "GET /h HTTP/1.1\r\nHost: ONE.test\r\nConnection: close\r\n\r\n").text();

        assertEquals("one.test1", one);
        assertEquals("two.test2", two);
        assertEquals("one.test1", oneAgain, "Host is lower-cased before hashing, as builtin.vcl does");
        assertEquals(2, origin.count("/h"));
    }

    @Test
    void varyKeepsOneVariantPerHeaderValue() throws Exception {
        origin.on("/v", (req, resp) -> resp.header("Cache-Control", "max-age=60").header("Vary", "Accept-Language")
                .send("lang=" + req.header("accept-language")));

        assertEquals("lang=en", node.get("/v", "Accept-Language: en").text());
        assertEquals("lang=fr", node.get("/v", "Accept-Language: fr").text());
        assertEquals("lang=en", node.get("/v", "Accept-Language: en").text());
        assertEquals("lang=fr", node.get("/v", "Accept-Language: fr").text());
        assertEquals("lang=null", node.get("/v").text());

        assertEquals(3, origin.count("/v"));
        assertEquals(2, node.counter(Counter.CACHE_HIT));
        assertEquals(3, node.awaitCounter(Counter.N_OBJECT, 3), "three variants under one hash");
    }

    @Test
    void purgeRemovesEveryVariant() throws Exception {
        node.close();
        node = TestNode.builder(origin.hostPort()).vcl(PurgingVcl::new).start();
        origin.on("/p", (req, resp) -> resp.header("Cache-Control", "max-age=60").header("Vary", "Accept-Language")
                .send("p-" + req.header("accept-language")));
        node.get("/p", "Accept-Language: en");
        node.get("/p", "Accept-Language: fr");
        assertEquals(2, node.awaitCounter(Counter.N_OBJECT, 2));

        RawHttp.Response purged = RawHttp.request(node.port(), "PURGE", "/p");

        assertEquals(200, purged.status());
        assertEquals("Purged", purged.reason());
        assertTrue(purged.text().contains("200 Purged"), purged.text());
        assertEquals(0, node.counter(Counter.N_OBJECT));
        assertEquals(1, node.counter(Counter.N_PURGES));
        assertEquals(2, node.counter(Counter.N_OBJ_PURGED));
        node.get("/p", "Accept-Language: en");
        assertEquals(3, origin.count("/p"), "the next request is a miss");
    }

    /** The builtin policy plus {@code if (req.method == "PURGE") { return (purge); }}. */
    private static final class PurgingVcl extends io.lacquer.core.vcl.ForwardingVcl {
        PurgingVcl(Director backend) {
            super(new BuiltinVcl("purging", backend));
        }

        @Override
        public Action recv(ClientContext ctx) {
            return "PURGE".equals(ctx.req().method()) ? Action.PURGE : super.recv(ctx);
        }
    }
}
