package io.lacquer.it.ban;

import io.lacquer.core.stats.Counter;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.core.testkit.TestNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bans over real sockets: at lookup, by the lurker, only for older objects, and across a restart. */
class BanIT {
    private static ScriptedOrigin origin() throws Exception {
        ScriptedOrigin origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "max-age=600")
                .header("X-Section", req.path().startsWith("/news") ? "news" : "other").send("v" + origin.count(req.path())));
        return origin;
    }

    @Test
    void aBanMakesMatchingObjectsObsoleteAtLookup() throws Exception {
        try (ScriptedOrigin origin = origin(); TestNode node = TestNode.start(origin.hostPort())) {
            node.get("/news/1");
            node.get("/sport/1");
            node.server().bans().add(List.of("req.url", "~", "^/news"));

            assertEquals("v2", node.get("/news/1").text(), "banned: fetched again");
            assertEquals("v1", node.get("/sport/1").text(), "not banned: still a hit");
            assertEquals(1, node.counter(Counter.BANS_OBJ_KILLED));
            assertEquals("v2", node.get("/news/1").text(), "the new object is newer than the ban");
            assertEquals(1, node.counter(Counter.BANS_ADDED));
            assertTrue(node.counter(Counter.BANS_TESTED) >= 2);
        }
    }

    @Test
    void theLurkerAppliesObjectOnlyBansInTheBackground() throws Exception {
        try (ScriptedOrigin origin = origin();
             TestNode node = TestNode.builder(origin.hostPort()).param("ban_lurker_age", "0").param("ban_lurker_sleep", "0.05").start()) {
            node.get("/news/a");
            node.get("/news/b");
            node.get("/other");
            assertEquals(3, node.awaitCounter(Counter.N_OBJECT, 3));
            node.server().bans().add(List.of("obj.http.x-section", "==", "news"));

            assertEquals(1, node.awaitCounter(Counter.N_OBJECT, 1), "removed without any request");
            assertEquals(2, node.counter(Counter.BANS_LURKER_OBJ_KILLED));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (node.counter(Counter.BANS_COMPLETED) < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(1, node.counter(Counter.BANS_COMPLETED));
            assertTrue(node.server().bans().render().contains(" C  \n"), node.server().bans().render());
        }
    }

    @Test
    void duplicatesCompleteTheOlderBan() throws Exception {
        try (ScriptedOrigin origin = origin(); TestNode node = TestNode.start(origin.hostPort())) {
            node.server().bans().add(List.of("obj.status", "==", "404"));
            node.server().bans().add(List.of("obj.status", "==", "404"));
            assertEquals(1, node.counter(Counter.BANS_DUPS));
            String list = node.server().bans().render();
            assertTrue(list.startsWith("Present bans:\n"), list);
            assertTrue(list.matches("(?s)Present bans:\n\\d{10}\\.\\d{6}     0 -  obj.status == 404\n\\d{10}\\.\\d{6}     0 C  \n"), list);
        }
    }

    @Test
    void aBannedObjectDoesNotComeBackAfterARestart(@TempDir Path dir) throws Exception {
        String storage = "disk=offheap,64m," + dir.resolve("store.cmap");
        try (ScriptedOrigin origin = origin()) {
            try (TestNode first = TestNode.builder(origin.hostPort()).storage(storage).start()) {
                first.get("/news/kept-on-disk");
                first.get("/other");
                first.awaitCounter(Counter.N_OBJECT, 2);
                first.server().bans().add(List.of("req.url", "==", "/news/kept-on-disk"));
            }
            try (TestNode second = TestNode.builder(origin.hostPort()).storage(storage).start()) {
                assertEquals("v1", second.get("/other").text(), "the store survived the restart");
                assertEquals("v2", second.get("/news/kept-on-disk").text(), "the ban survived it too");
                assertEquals(1, second.counter(Counter.BANS_OBJ_KILLED));
            }
        }
    }
}
