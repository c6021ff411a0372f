package io.lacquer.samples.web;

import io.lacquer.core.testkit.RawHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sample web servers, over real sockets. */
class SampleWebServersIT {
    @Test
    void staticServerServesFilesWithValidators(@TempDir Path dir) throws Exception {
        try (StaticServer s = StaticServer.start("static1", SampleContent.writeTo(dir), "127.0.0.1", 0)) {
            int port = s.address().getPort();
            RawHttp.Response css = RawHttp.get(port, "/static/style.css");
            assertEquals(200, css.status());
            assertTrue(css.header("Content-Type").startsWith("text/css"), css.header("Content-Type"));
            String etag = css.header("ETag");
            assertNotNull(etag);
            assertTrue(etag.startsWith("\""), "a strong ETag: " + etag);
            assertNotNull(css.header("Last-Modified"));
            assertEquals("static1", css.header("X-Served-By"));
            assertEquals(304, RawHttp.get(port, "/static/style.css", "If-None-Match: " + etag).status());
            assertEquals(304, RawHttp.get(port, "/static/style.css", "If-Modified-Since: " + css.header("Last-Modified")).status());
            assertEquals("image/svg+xml", RawHttp.get(port, "/wp-content/uploads/photo-3.svg").header("Content-Type"));
            assertEquals(262144, RawHttp.get(port, "/static/256k.bin").body().length);
            assertEquals("OK\n", RawHttp.get(port, "/health.html").text());
            assertEquals(404, RawHttp.get(port, "/nope").status());
        }
    }

    @Test
    void dynamicServerKeepsSessionsInItsOwnMemory() throws Exception {
        try (DynamicServer one = DynamicServer.start("dyn1", "127.0.0.1", 0);
             DynamicServer two = DynamicServer.start("dyn2", "127.0.0.1", 0)) {
            int p1 = one.address().getPort();
            RawHttp.Response anonymous = RawHttp.get(p1, "/");
            assertEquals(200, anonymous.status());
            assertTrue(anonymous.text().contains("served by dyn1"));
            assertTrue(anonymous.text().contains("Log in"));
            assertNull(anonymous.header("Cache-Control"), "anonymous pages carry no cache headers, as WordPress's");
            assertEquals(302, RawHttp.get(p1, "/wp-admin/").status(), "wp-admin requires a session");

            RawHttp.Response bad = RawHttp.send(p1, form("log=alice&pwd=wrong"));
            assertEquals(200, bad.status());
            assertTrue(bad.text().contains("Wrong user name or password."));
            RawHttp.Response login = RawHttp.send(p1, form("log=alice&pwd=" + DynamicServer.PASSWORD));
            assertEquals(302, login.status());
            String setCookie = login.header("Set-Cookie");
            assertTrue(setCookie.startsWith(DynamicServer.LOGIN_COOKIE + "="), setCookie);
            String cookie = "Cookie: " + setCookie.substring(0, setCookie.indexOf(';'));

            RawHttp.Response mine = RawHttp.get(p1, "/", cookie);
            assertTrue(mine.text().contains("Howdy, alice"), mine.text());
            assertEquals("no-cache, must-revalidate, max-age=0", mine.header("Cache-Control"));
            RawHttp.Response admin = RawHttp.get(p1, "/wp-admin/", cookie);
            assertEquals(200, admin.status());
            assertTrue(admin.text().contains("Dashboard of alice"));

            RawHttp.Response elsewhere = RawHttp.get(two.address().getPort(), "/wp-admin/", cookie);
            assertEquals(302, elsewhere.status(), "the other server knows nothing of the session");
            assertEquals(1, one.sessions());
            assertEquals(0, two.sessions());

            assertEquals("OK\n", RawHttp.get(p1, "/health.php").text());
            assertTrue(RawHttp.get(p1, "/?p=3").text().contains("Post 3"));
            RawHttp.Response logout = RawHttp.get(p1, "/wp-login.php?action=logout", cookie);
            assertEquals(302, logout.status());
            assertEquals(302, RawHttp.get(p1, "/wp-admin/", cookie).status(), "logged out");
        }
    }

    private static String form(String body) {
        return "POST /wp-login.php HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body;
    }
}
