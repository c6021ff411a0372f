package io.lacquer.samples.policy;

import io.lacquer.core.vcl.Action;
import io.lacquer.vcl.testing.Outcome;
import io.lacquer.vcl.testing.PolicyTester;
import io.lacquer.vcl.testing.TestRequest;
import io.lacquer.vcl.testing.TestResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the sample cluster's policy decides, asserted in plain JUnit with {@link PolicyTester}:
 * no sockets, no backends running. Copy this to test your own policy.
 */
class SeedPolicyTest {
    private static PolicyTester policy;

    @BeforeAll
    static void load() throws Exception {
        try (InputStream in = SeedPolicyTest.class.getResourceAsStream("/io/lacquer/samples/policy/default.vcl.groovy")) {
            policy = PolicyTester.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void close() {
        policy.close();
    }

    @Test
    void imagesComeFromTheStaticGroupCachedAnHourWithSixHoursGrace() {
        Outcome o = policy.run(TestRequest.get("/wp-content/uploads/logo.png").header("Cookie", "wordpress_logged_in_x=1"),
                TestResponse.ok().header("Set-Cookie", "tracking=1"));
        assertEquals(Action.HASH, o.recv(), "static files are cached even for logged-in users");
        assertTrue(Set.of("static1", "static2").contains(o.backend()), o.backend());
        assertEquals(3600, o.ttl());
        assertEquals(6 * 3600, o.grace());
        assertTrue(o.stored(), "the Set-Cookie was dropped, so the image is stored");
        assertEquals("MISS", o.header("X-Cache"));
        assertEquals("HIT", policy.runHit(TestRequest.get("/wp-content/uploads/logo.png"), TestResponse.ok(), 1)
                .header("X-Cache"));
    }

    @Test
    void staticFilesAreSpreadRoundRobin() {
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            used.add(policy.run(TestRequest.get("/css/site.css?v=" + i)).backend());
        }
        assertEquals(Set.of("static1", "static2"), used);
    }

    @Test
    void anonymousPagesAreCachedFromTheDynamicGroup() {
        Outcome o = policy.run(TestRequest.get("/2026/11/hello-world/").header("Cookie", "_ga=GA1.2; theme=dark"));
        assertEquals(Action.HASH, o.recv());
        assertTrue(Set.of("dyn1", "dyn2").contains(o.backend()), o.backend());
        assertTrue(o.stored());
        assertEquals(120, o.ttl(), "the freshness rules' ttl, untouched");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Cookie: wordpress_logged_in_5f3a=admin%7C1700000000", "Cookie: PHPSESSID=abc123",
            "URL: /wp-admin/edit.php", "URL: /wp-login.php?redirect_to=%2F", "Authorization: Basic YTpi"})
    void nothingIsCachedForLoggedInUsers(String what) {
        TestRequest req = what.startsWith("URL: ") ? TestRequest.get(what.substring(5))
                : TestRequest.get("/shop/").header(what.substring(0, what.indexOf(':')), what.substring(what.indexOf(':') + 2));
        Outcome o = policy.run(req);
        assertEquals(Action.PASS, o.recv(), what);
        assertTrue(o.passed());
        assertFalse(o.stored());
        assertTrue(Set.of("dyn1", "dyn2").contains(o.backend()));
    }

    @Test
    void postsGoToTheDynamicGroupUncached() {
        Outcome o = policy.run(TestRequest.of("POST", "/wp-comments-post.php").header("Cookie", "SERVERID=dyn1"));
        assertEquals(Action.PASS, o.recv());
        assertEquals("dyn1", o.backend());
        assertEquals(Action.PIPE, policy.run(TestRequest.of("PROPFIND", "/dav/")).recv());
    }

    @Test
    void aVisitorStaysOnItsServerAndIsRedispatchedWhenItIsSick() {
        for (int i = 0; i < 4; i++) {
            Outcome o = policy.run(TestRequest.get("/cart/").header("Cookie", "SERVERID=dyn2; _ga=x"));
            assertEquals("dyn2", o.backend());
            assertNull(o.header("Set-Cookie"), "the visitor already has its cookie");
        }
        policy.sick("dyn2");
        try {
            assertEquals("dyn1", policy.run(TestRequest.get("/cart/").header("Cookie", "SERVERID=dyn2")).backend());
        } finally {
            policy.healthy("dyn2");
        }
    }

    @Test
    void aNewVisitorIsGivenTheServerThatAnsweredIt() {
        Outcome o = policy.run(TestRequest.get("/"));
        assertEquals("SERVERID=" + o.backend() + "; Path=/; HttpOnly", o.header("Set-Cookie"));
        assertNull(o.header("X-Lacquer-Backend"), "the internal header does not leave the cache");
    }

    @Test
    void probesWatchHealthPages() {
        List<String> urls = policy.program().declarations().probes().stream().map(p -> p.spec().url()).toList();
        assertEquals(List.of("/health.html", "/health.html", "/health.php", "/health.php"), urls);
    }
}
