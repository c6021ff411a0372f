package io.lacquer.front.stats;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders a snapshot as the HTML stats page: one table per proxy, rows coloured by state, and an
 * action form for administrators. The markup lives in the {@code stats.html.mustache} template.
 */
public final class HtmlStatsRenderer {
    /** The columns of the page, in order, with their headings. */
    enum Column {
        QCUR(StatField.QCUR, "Queue Cur"),
        QMAX(StatField.QMAX, "Queue Max"),
        SCUR(StatField.SCUR, "Cur"),
        SMAX(StatField.SMAX, "Max"),
        SLIM(StatField.SLIM, "Limit"),
        STOT(StatField.STOT, "Total"),
        LBTOT(StatField.LBTOT, "LbTot"),
        LASTSESS(StatField.LASTSESS, "Last"),
        BIN(StatField.BIN, "Bytes In"),
        BOUT(StatField.BOUT, "Bytes Out"),
        DREQ(StatField.DREQ, "Denied Req"),
        EREQ(StatField.EREQ, "Errors Req"),
        ECON(StatField.ECON, "Conn"),
        ERESP(StatField.ERESP, "Resp"),
        WRETR(StatField.WRETR, "Retr"),
        WREDIS(StatField.WREDIS, "Redis"),
        STATUS(StatField.STATUS, "Status"),
        LASTCHK(StatField.CHECK_STATUS, "LastChk"),
        WEIGHT(StatField.WEIGHT, "Wght"),
        ACT(StatField.ACT, "Act"),
        BCK(StatField.BCK, "Bck"),
        CHKFAIL(StatField.CHKFAIL, "Chk"),
        CHKDOWN(StatField.CHKDOWN, "Dwn"),
        DOWNTIME(StatField.DOWNTIME, "Dwntme"),
        LASTCHG(StatField.LASTCHG, "LastChg");

        private final StatField field;
        private final String label;

        Column(StatField field, String label) {
            this.field = field;
            this.label = label;
        }
    }

    private final Template template;

    /** Loads and compiles the page template. */
    public HtmlStatsRenderer() {
        try (InputStream in = HtmlStatsRenderer.class.getResourceAsStream("stats.html.mustache")) {
            if (in == null) {
                throw new IllegalStateException("stats.html.mustache is missing from the class path");
            }
            template = Mustache.compiler().compile(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The page's settings.
     *
     * @param statsUri the stats URI, for links and the form
     * @param refreshSeconds auto-refresh period shown, 0 for none
     * @param admin whether the action form is shown
     * @param version the version to show, or null to hide it
     * @param done whether to show that an action succeeded
     */
    public record Page(String statsUri, int refreshSeconds, boolean admin, @Nullable String version, boolean done) {
    }

    /** Renders the page. */
    public String render(StatsSnapshot snapshot, Page page) {
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Column c : Column.values()) {
            columns.add(Map.of("label", c.label, "description", c.field.description()));
        }
        List<Map<String, Object>> proxies = new ArrayList<>();
        for (StatsSnapshot.ProxyStats p : snapshot.proxies()) {
            boolean hasServers = p.rows().stream().anyMatch(r -> r.type() == RowType.SERVER);
            boolean admin = page.admin() && hasServers;
            List<Map<String, Object>> rows = new ArrayList<>();
            for (StatsRow r : p.rows()) {
                List<Map<String, Object>> cells = new ArrayList<>();
                for (Column c : Column.values()) {
                    cells.add(Map.of("field", c.field.column(), "value", r.get(c.field)));
                }
                Map<String, Object> row = new HashMap<>();
                row.put("cls", r.cssClass());
                row.put("svname", r.get(StatField.SVNAME));
                row.put("server", r.type() == RowType.SERVER);
                row.put("admin", admin);
                row.put("cells", cells);
                rows.add(row);
            }
            Map<String, Object> px = new HashMap<>();
            px.put("name", p.name());
            px.put("admin", admin);
            px.put("rows", rows);
            px.put("columns", columns);
            px.put("statsUri", page.statsUri());
            px.put("span", Column.values().length + (admin ? 2 : 1));
            proxies.add(px);
        }
        Map<String, Object> model = new HashMap<>();
        model.put("version", page.version() == null ? false : page.version());
        model.put("node", false);
        model.put("pid", ProcessHandle.current().pid());
        model.put("uptime", uptime(snapshot.uptimeSeconds()));
        model.put("refresh", page.refreshSeconds() > 0 ? page.refreshSeconds() : false);
        model.put("admin", page.admin());
        model.put("statsUri", page.statsUri());
        model.put("done", page.done());
        model.put("proxies", proxies);
        return template.execute(model);
    }

    private static String uptime(long s) {
        return String.format("%dd %dh%02dm%02ds", s / 86400, (s / 3600) % 24, (s / 60) % 60, s % 60);
    }
}
