package io.lacquer.front.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.server.ServerState;
import io.lacquer.front.testkit.Await;
import io.lacquer.front.testkit.Command;
import io.lacquer.front.testkit.Front;
import io.lacquer.front.testkit.TestOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the stats page in headless Chromium, saves a screenshot to
 * {@code target/stats-page.png} and checks the table the browser rendered.
 */
class StatsBrowserIT {
    @Test
    void chromiumRendersTheStatsTable(@TempDir Path profile) throws Exception {
        String chromium = Command.available("chromium") ? "chromium"
                : Command.available("chromium-browser") ? "chromium-browser" : null;
        if (chromium == null) {
            System.out.println("StatsBrowserIT skipped: chromium not installed (apt-get install chromium)");
        }
        Assumptions.assumeTrue(chromium != null, "chromium not installed");
        try (TestOrigin up = new TestOrigin("up1"); TestOrigin down = new TestOrigin("down1")) {
            int downPort = down.port();
            down.stop();
            try (Front front = Front.start("""
                    defaults
                        mode http
                        timeout connect 500ms
                    frontend www
                        bind 127.0.0.1:0
                        default_backend app
                    backend app
                        server up1 127.0.0.1:${up} check inter 100ms
                        server down1 127.0.0.1:${down} check inter 100ms fall 1
                    listen stats
                        bind 127.0.0.1:0
                        stats enable
                        stats uri /stats
                        stats refresh 30s
                    """, Map.of("up", up.port(), "down", downPort))) {
                ServerState d = front.server().topology().backend("app").servers().get(1);
                Await.until("down1 DOWN", 5000, () -> !d.healthy());
                String url = front.url("stats") + "/stats";
                Path target = Path.of(System.getProperty("basedir", "."), "target");
                Files.createDirectories(target);
                Path shot = target.resolve("stats-page.png");
                Files.deleteIfExists(shot);
                List<String> base = List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + profile);
                List<String> a = new ArrayList<>(base);
                a.addAll(List.of("--window-size=1600,900", "--screenshot=" + shot, url));
                Command.Result s = Command.run(90, a.toArray(new String[0]));
                assertTrue(Files.size(shot) > 1000, "screenshot written: " + s.err());
                List<String> b = new ArrayList<>(base);
                b.addAll(List.of("--dump-dom", url));
                Command.Result dom = Command.run(90, b.toArray(new String[0]));
                assertEquals(0, dom.exit(), dom.err());
                String html = dom.out();
                Files.writeString(target.resolve("stats-page.dom.html"), html);
                assertEquals("UP", cell(html, "up1", "status"));
                assertEquals("DOWN", cell(html, "down1", "status"));
                assertEquals("L4CON", cell(html, "down1", "check_status"));
                assertTrue(html.contains("<tr class=\"active_up\" data-svname=\"up1\">"));
                assertTrue(html.contains("<tr class=\"active_down\" data-svname=\"down1\">"));
                assertTrue(html.contains("id=\"px-app\""));
                assertEquals("UP", cell(html, "BACKEND", "status"));
            }
        }
    }

    /** The text of a row's cell in the rendered DOM. */
    private static String cell(String html, String svname, String field) {
        Matcher row = Pattern.compile("<tr[^>]*data-svname=\"" + Pattern.quote(svname) + "\"[^>]*>(.*?)</tr>",
                Pattern.DOTALL).matcher(html);
        if (!row.find()) {
            throw new AssertionError("no row " + svname);
        }
        Matcher c = Pattern.compile("<td data-field=\"" + field + "\">([^<]*)</td>").matcher(row.group(1));
        if (!c.find()) {
            throw new AssertionError("no cell " + field + " in row " + svname);
        }
        return c.group(1);
    }
}
