package io.lacquer.front.sticky;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.config.CookieConfig;
import io.lacquer.front.server.ServerState;
import io.lacquer.front.testkit.Servers;
import java.util.List;
import org.junit.jupiter.api.Test;

class StickyCookieTest {
    private final List<ServerState> servers = Servers.servers(2);
    private static final long NOW = 1_800_000_000_000L;

    private StickyCookie cookie(CookieConfig.Mode mode, boolean indirect, long maxidle) {
        return new StickyCookie(new CookieConfig("SERVERID", mode, indirect, true, false, false, null, maxidle, 0), servers);
    }

    @Test
    void insertIndirectEmitsOnceAndStripsTheCookie() {
        StickyCookie c = cookie(CookieConfig.Mode.INSERT, true, 0);
        assertEquals("SERVERID=s2; path=/", c.insertCookie(servers.get(1), false, 0, NOW));
        StickyCookie.Match m = c.read("s2", NOW);
        assertSame(servers.get(1), m.server());
        assertNull(m.forwardValue(), "indirect removes the cookie before the server");
        assertNull(c.insertCookie(servers.get(1), true, 0, NOW), "no new cookie for a valid one");
        assertEquals("SERVERID=s1; path=/", c.insertCookie(servers.get(0), false, 0, NOW), "redispatched: replaced");
        assertNull(c.read("unknown", NOW).server());
    }

    @Test
    void insertWithoutIndirectKeepsTheCookieAndEmitsEachTime() {
        StickyCookie c = cookie(CookieConfig.Mode.INSERT, false, 0);
        assertEquals("s1", c.read("s1", NOW).forwardValue());
        assertEquals("SERVERID=s1; path=/", c.insertCookie(servers.get(0), true, 0, NOW));
    }

    @Test
    void attributesAreAppended() {
        StickyCookie c = new StickyCookie(new CookieConfig("S", CookieConfig.Mode.INSERT, false, false, true, true,
                "example.com", 0, 0), servers);
        assertEquals("S=s1; path=/; domain=example.com; HttpOnly; Secure", c.insertCookie(servers.get(0), false, 0, NOW));
    }

    @Test
    void maxidleExpiresAnUnusedCookie() {
        StickyCookie c = cookie(CookieConfig.Mode.INSERT, true, 60_000);
        String set = c.insertCookie(servers.get(0), false, 0, NOW);
        String value = set.substring("SERVERID=".length(), set.indexOf(';'));
        assertTrue(value.startsWith("s1|"), value);
        assertSame(servers.get(0), c.read(value, NOW + 30_000).server());
        assertNull(c.read(value, NOW + 120_000).server());
    }

    @Test
    void prefixModeWrapsTheApplicationCookie() {
        StickyCookie c = cookie(CookieConfig.Mode.PREFIX, false, 0);
        assertEquals("SERVERID=s1~abc; Path=/", c.rewriteSetCookie("SERVERID=abc; Path=/", servers.get(0)));
        StickyCookie.Match m = c.read("s1~abc", NOW);
        assertSame(servers.get(0), m.server());
        assertEquals("abc", m.forwardValue());
        assertEquals("OTHER=1", c.rewriteSetCookie("OTHER=1", servers.get(0)));
    }

    @Test
    void rewriteModeReplacesTheServersValue() {
        StickyCookie c = cookie(CookieConfig.Mode.REWRITE, false, 0);
        assertEquals("SERVERID=s2; Path=/", c.rewriteSetCookie("SERVERID=whatever; Path=/", servers.get(1)));
        assertSame(servers.get(1), c.read("s2", NOW).server());
    }

    @Test
    void insertModeDropsTheServersOwnCookieOfThatName() {
        assertNull(cookie(CookieConfig.Mode.INSERT, false, 0).rewriteSetCookie("SERVERID=x", servers.get(0)));
    }

    @Test
    void cacheabilityForNocache() {
        assertTrue(StickyCookie.sharedCacheable(List.of("max-age=60")));
        assertTrue(StickyCookie.sharedCacheable(List.of()));
        assertFalse(StickyCookie.sharedCacheable(List.of("private, max-age=60")));
        assertFalse(StickyCookie.sharedCacheable(List.of("no-store")));
    }

    @Test
    void cookieHeaderFindAndRewrite() {
        assertEquals("d2", CookieHeader.find(List.of("a=1; SERVERID=d2; b=3"), "SERVERID"));
        assertNull(CookieHeader.find(List.of("XSERVERID=d2"), "SERVERID"));
        assertEquals("a=1; b=3", CookieHeader.rewrite("a=1; SERVERID=d2; b=3", "SERVERID", null));
        assertNull(CookieHeader.rewrite("SERVERID=d2", "SERVERID", null));
        assertEquals("SERVERID=x; b=3", CookieHeader.rewrite("SERVERID=d2;b=3", "SERVERID", "x"));
    }
}
