package io.lacquer.it.ban;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Purging by the tags responses carry in xkey and Surrogate-Key. */
class TagPurgeIT {
    private static ScriptedOrigin origin() throws Exception {
        ScriptedOrigin origin = ScriptedOrigin.start();
        origin.on("/p1", (req, resp) -> resp.header("Cache-Control", "max-age=600").header("xkey", "product-1 category-a")
                .send("p1 v" + origin.count("/p1")));
        origin.on("/p2", (req, resp) -> resp.header("Cache-Control", "max-age=600").header("Surrogate-Key", "product-2  category-a")
                .header("Vary", "Accept-Language").send("p2 v" + origin.count("/p2")));
        origin.on("/p3", (req, resp) -> resp.header("Cache-Control", "max-age=600").header("xkey", "product-3")
                .send("p3 v" + origin.count("/p3")));
        return origin;
    }

    @Test
    void aTagPurgeRemovesEveryObjectCarryingItAndNothingElse() throws Exception {
        try (ScriptedOrigin origin = origin(); TestNode node = TestNode.start(origin.hostPort())) {
            node.get("/p1");
            node.get("/p2", "Accept-Language: en");
            node.get("/p2", "Accept-Language: fr");
            node.get("/p3");
            assertEquals(4, node.awaitCounter(Counter.N_OBJECT, 4));

            assertEquals(3, node.server().purgeTag("category-a"), "p1 and both variants of p2");

            assertEquals("p1 v2", node.get("/p1").text());
            assertEquals("p2 v3", node.get("/p2", "Accept-Language: en").text());
            assertEquals("p3 v1", node.get("/p3").text(), "untagged by category-a: still a hit");
            assertEquals(3, node.counter(Counter.N_OBJ_PURGED));
            assertEquals(0, node.server().purgeTag("no-such-tag"));
            assertEquals(1, node.server().purgeTag("product-3"));
        }
    }

    @Test
    void tagsOfAPersistentStoreAreFiledAgainAfterARestart(@TempDir Path dir) throws Exception {
        String storage = "disk=offheap,64m," + dir.resolve("store.cmap");
        try (ScriptedOrigin origin = origin()) {
            try (TestNode first = TestNode.builder(origin.hostPort()).storage(storage).start()) {
                first.get("/p1");
                first.get("/p3");
                first.awaitCounter(Counter.N_OBJECT, 2);
            }
            try (TestNode second = TestNode.builder(origin.hostPort()).storage(storage).start()) {
                long deadline = System.nanoTime() + 10_000_000_000L;
                int purged = 0;
                while (purged == 0 && System.nanoTime() < deadline) {
                    purged = second.server().purgeTag("product-1");
                    Thread.sleep(purged == 0 ? 50 : 0);
                }
                assertEquals(1, purged);
                assertEquals("p1 v2", second.get("/p1").text());
                assertEquals("p3 v1", second.get("/p3").text());
            }
        }
    }
}
