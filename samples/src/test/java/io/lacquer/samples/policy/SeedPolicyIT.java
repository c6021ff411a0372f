package io.lacquer.samples.policy;

import io.lacquer.core.backend.probe.BackendProbe;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.TestNode;
import io.lacquer.samples.web.DynamicServer;
import io.lacquer.samples.web.SampleContent;
import io.lacquer.samples.web.StaticServer;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed policy on a real cache node in front of the sample web servers: two static servers,
 * two WordPress-like dynamic servers that keep logins in their own memory.
 */
class SeedPolicyIT {
    @TempDir
    Path dir;

    private StaticServer static1;
    private StaticServer static2;
    private DynamicServer dyn1;
    private DynamicServer dyn2;
    private GroovyVclProgram policy;
    private TestNode node;

    @BeforeEach
    void start() throws Exception {
        Path content = SampleContent.writeTo(dir);
        static1 = StaticServer.start("static1", content, "127.0.0.1", 0);
        static2 = StaticServer.start("static2", content, "127.0.0.1", 0);
        dyn1 = DynamicServer.start("dyn1", "127.0.0.1", 0);
        dyn2 = DynamicServer.start("dyn2", "127.0.0.1", 0);
        String source;
        try (InputStream in = getClass().getResourceAsStream("/io/lacquer/samples/policy/default.vcl.groovy")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("port: 8101", "port: " + static1.address().getPort())
                    .replace("port: 8102", "port: " + static2.address().getPort())
                    .replace("port: 8201", "port: " + dyn1.address().getPort())
                    .replace("port: 8202", "port: " + dyn2.address().getPort());
        }
        policy = new VclCompiler(VclEnvironment.standalone()).compile("boot", "default.vcl.groovy", source);
        probeAll(); // the probes' first round: every server answers its health page
        node = TestNode.builder("127.0.0.1:" + static1.address().getPort()).vcl(d -> policy).start();
    }

    @AfterEach
    void stop() {
        node.close();
        policy.close();
        static1.close();
        static2.close();
        dyn1.close();
        dyn2.close();
    }

    private void probeAll() {
        policy.declarations().probes().forEach(BackendProbe::probeOnce);
    }

    private RawHttp.Response untilHit(String path, String... headers) throws Exception {
        RawHttp.Response r = node.get(path, headers);
        for (int i = 0; i < 100 && !"HIT".equals(r.header("X-Cache")); i++) {
            Thread.sleep(10);
            r = node.get(path, headers);
        }
        return r;
    }

    @Test
    void imagesAndAnonymousPagesAreCached() throws Exception {
        RawHttp.Response img = node.get("/wp-content/uploads/photo-3.svg", "Cookie: _ga=1");
        assertEquals(200, img.status());
        assertEquals("MISS", img.header("X-Cache"));
        assertTrue(Set.of("static1", "static2").contains(img.header("X-Served-By")));
        assertEquals("HIT", untilHit("/wp-content/uploads/photo-3.svg").header("X-Cache"));

        RawHttp.Response home = node.get("/");
        assertTrue(home.text().contains("served by"), home.text());
        String setCookie = home.header("Set-Cookie");
        assertNotNull(setCookie, "a new visitor is told which server answered it");
        assertEquals("SERVERID=" + home.header("X-Served-By") + "; Path=/; HttpOnly", setCookie);
        assertEquals("HIT", untilHit("/").header("X-Cache"), "anonymous pages are cached");
    }

    @Test
    void aLoggedInVisitorStaysWithItsSessionAndIsNeverCached() throws Exception {
        RawHttp.Response first = node.get("/wp-login.php");
        String server = first.header("X-Served-By");
        String pin = "SERVERID=" + server;
        String body = "log=alice&pwd=" + DynamicServer.PASSWORD;
        RawHttp.Response login = RawHttp.send(node.port(), "POST /wp-login.php HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Cookie: " + pin + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                + body.length() + "\r\nConnection: close\r\n\r\n" + body);
        assertEquals(302, login.status());
        assertEquals(server, login.header("X-Served-By"), "the login went to the pinned server");
        String loginCookie = login.header("Set-Cookie");
        String cookies = "Cookie: " + pin + "; " + loginCookie.substring(0, loginCookie.indexOf(';'));
        for (int i = 0; i < 4; i++) {
            RawHttp.Response admin = node.get("/wp-admin/", cookies);
            assertEquals(200, admin.status(), "the session lives on " + server + " only");
            assertTrue(admin.text().contains("Dashboard of alice"));
            RawHttp.Response home = node.get("/", cookies);
            assertTrue(home.text().contains("Howdy, alice"));
            assertEquals("MISS", home.header("X-Cache"), "nothing is cached for a logged-in user");
        }
    }

    @Test
    void aVisitorWhoseServerDiesIsRedispatched() throws Exception {
        Set<String> servers = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            servers.add(node.get("/wp-login.php", "Cookie: SERVERID=dyn2").header("X-Served-By"));
        }
        assertEquals(Set.of("dyn2"), servers);
        dyn2.close();
        for (int i = 0; i < 3; i++) {
            probeAll(); // three failed probes of five: below the threshold
        }
        RawHttp.Response moved = node.get("/wp-login.php", "Cookie: SERVERID=dyn2");
        assertEquals(200, moved.status());
        assertEquals("dyn1", moved.header("X-Served-By"));
    }
}
