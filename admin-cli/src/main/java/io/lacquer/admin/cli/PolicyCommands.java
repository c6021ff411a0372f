package io.lacquer.admin.cli;

import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.registry.VclListing;
import io.lacquer.vcl.registry.VclRegistry;
import io.lacquer.vcl.registry.VclState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code vcl.*} commands over the node's policy registry, with varnishd's answers
 * (reference §3.4). A node started with {@code -b} keeps its builtin policy outside the registry
 * as {@code boot}: it is listed, and {@code vcl.use boot} switches back to it, but it has no source
 * to show and cannot be discarded.
 */
final class PolicyCommands {
    private static final String NO_REGISTRY = "This node loads no policies.\n";
    private static final String BUILTIN = "boot";

    private final AdminContext node;

    PolicyCommands(AdminContext node) {
        this.node = node;
    }

    CliResponse load(String name, Path file, String state) {
        VclRegistry r = node.policies();
        if (r == null) {
            return CliResponse.of(CliStatus.CANT, NO_REGISTRY);
        }
        if (isBuiltin(name)) {
            return CliResponse.of(CliStatus.PARAM, "Already a VCL named " + name + "\n");
        }
        try {
            checkState(state);
            r.load(name, file);
            return setState(r, name, state);
        } catch (IOException e) {
            return CliResponse.of(CliStatus.PARAM, "Cannot read file '" + file + "' (" + e.getMessage() + ")\nVCL compilation failed\n");
        } catch (VclCompileException e) {
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\nVCL compilation failed\n");
        } catch (IllegalStateException | IllegalArgumentException e) {
            return CliResponse.of(CliStatus.PARAM, body(e.getMessage()));
        }
    }

    CliResponse inline(String name, String source, String state) {
        VclRegistry r = node.policies();
        if (r == null) {
            return CliResponse.of(CliStatus.CANT, NO_REGISTRY);
        }
        if (isBuiltin(name)) {
            return CliResponse.of(CliStatus.PARAM, "Already a VCL named " + name + "\n");
        }
        try {
            checkState(state);
            r.load(name, "<vcl.inline>", source);
            return setState(r, name, state);
        } catch (VclCompileException e) {
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\nVCL compilation failed\n");
        } catch (IllegalStateException | IllegalArgumentException e) {
            return CliResponse.of(CliStatus.PARAM, body(e.getMessage()));
        }
    }

    CliResponse use(String name) {
        VclRegistry r = node.policies();
        if (isBuiltin(name)) {
            if (node.builtinActive()) {
                return CliResponse.ok("");
            }
            node.useBuiltin();
            return CliResponse.ok("VCL '" + name + "' now active");
        }
        if (r == null) {
            return CliResponse.of(CliStatus.PARAM, "No VCL named " + name + " known\n");
        }
        try {
            if (!node.builtinActive() && name.equals(r.activeName())) {
                return CliResponse.ok("");
            }
            r.use(name);
            return CliResponse.ok("VCL '" + name + "' now active");
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refused(e);
        }
    }

    /**
     * {@code vcl.discard pattern…}: every name the globs match, all or none, as varnishd marks them:
     * the active one or a pattern matching nothing stops it; the registry refuses what others
     * depend on and discards the rest in order.
     */
    CliResponse discard(List<String> patterns) {
        VclRegistry r = node.policies();
        if (r == null) {
            return CliResponse.of(CliStatus.CANT, NO_REGISTRY);
        }
        List<VclListing> all = r.list();
        List<String> names = new ArrayList<>();
        for (String pattern : patterns) {
            if (node.builtin() != null && Commands.glob(pattern, BUILTIN)) {
                return CliResponse.of(CliStatus.CANT, node.builtinActive() ? "Cannot discard active VCL program boot\n"
                        : "Cannot discard the builtin policy boot\n");
            }
            boolean any = false;
            for (VclListing l : all) {
                if (l.status().equals("discarded") || !Commands.glob(pattern, l.name())) {
                    continue;
                }
                any = true;
                if (l.active()) {
                    return CliResponse.of(CliStatus.CANT, "Cannot discard active VCL program " + l.name() + "\n");
                }
                if (!names.contains(l.name())) {
                    names.add(l.name());
                }
            }
            if (!any) {
                return CliResponse.of(CliStatus.PARAM, "No VCL name matches " + pattern + "\n");
            }
        }
        try {
            r.discard(names);
            return CliResponse.ok("");
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refused(e);
        }
    }

    /** {@code vcl.list -j}: one object per policy or label, with varnishd's label fields. */
    CliResponse listJson(String head) {
        VclRegistry r = node.policies();
        List<String> rows = new ArrayList<>();
        if (node.builtin() != null) {
            rows.add(json(builtinListing()));
        }
        if (r != null) {
            for (VclListing l : r.list()) {
                rows.add(json(l));
            }
        }
        return CliResponse.ok(head + String.join(",\n", rows) + "\n]\n");
    }

    private static String json(VclListing l) {
        String row = "{\n\"status\": \"" + l.status() + "\",\n\"state\": \"" + l.state()
                + "\",\n\"temperature\": \"" + l.temperature() + "\",\n\"busy\": " + l.busy() + ",\n\"name\": \""
                + l.name() + "\"";
        if (l.label()) {
            row += ",\n\"label\": {\n\"name\": \"" + l.target() + "\"" + (l.refs() > 0 ? ",\n\"refs\": " + l.refs() : "")
                    + "\n}";
        } else if (l.refs() > 0) {
            row += ",\n\"labels\": " + l.refs();
        }
        return row + "\n}";
    }

    /** {@code vcl.list}: varnishd's table, the busy column counting the requests and fetches on each policy. */
    CliResponse list() {
        VclRegistry r = node.policies();
        VteTable table = new VteTable();
        if (node.builtin() != null || r == null) {
            table.row(builtinListing().cells().toArray(new String[0]));
        }
        if (r != null) {
            for (VclListing l : r.list()) {
                table.row(l.cells().toArray(new String[0]));
            }
        }
        return CliResponse.ok(table.render());
    }

    /** The line of the builtin {@code boot} policy of a node started with {@code -b}. */
    private VclListing builtinListing() {
        boolean active = node.builtin() == null || node.builtinActive();
        int busy = node.builtin() == null ? 0 : node.builtin().busy().get();
        return new VclListing(active ? "active" : "available", "auto", "warm", busy, BUILTIN, null, 0);
    }

    CliResponse show(List<String> args) {
        VclRegistry r = node.policies();
        List<String> rest = new ArrayList<>(args);
        boolean verbose = rest.remove("-v");
        String name = rest.isEmpty() ? (node.builtinActive() || r == null || r.active() == null ? BUILTIN : r.active().name())
                : rest.get(0);
        if (isBuiltin(name)) {
            return CliResponse.of(CliStatus.CANT, "The builtin policy boot has no source to show; it is Varnish's builtin.vcl\n");
        }
        if (r == null) {
            return CliResponse.of(CliStatus.CANT, NO_REGISTRY);
        }
        try {
            String source = r.show(name);
            return CliResponse.ok(verbose ? "// VCL.SHOW 0 " + source.length() + " " + name + "\n" + source : source);
        } catch (IllegalArgumentException e) {
            return refused(e);
        }
    }

    CliResponse state(String name, String state) {
        VclRegistry r = node.policies();
        if (isBuiltin(name)) {
            return CliResponse.of(CliStatus.CANT, "The builtin policy boot is always warm\n");
        }
        if (r == null) {
            return CliResponse.of(CliStatus.CANT, NO_REGISTRY);
        }
        try {
            checkState(state);
        } catch (IllegalArgumentException e) {
            return CliResponse.of(CliStatus.PARAM, e.getMessage());
        }
        return setState(r, name, state);
    }

    CliResponse label(String label, String name) {
        VclRegistry r = node.policies();
        if (r == null) {
            return CliResponse.of(CliStatus.CANT, NO_REGISTRY);
        }
        try {
            r.label(label, name);
            return CliResponse.ok("");
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refused(e);
        }
    }

    /** A refusal of the registry as varnishd answers it: a bad argument is 106, a state that forbids it 300. */
    private static CliResponse refused(RuntimeException e) {
        return CliResponse.of(e instanceof IllegalArgumentException ? CliStatus.PARAM : CliStatus.CANT, body(e.getMessage()));
    }

    /** varnishd ends its answers about unknown names and refused discards with a newline, and the others without. */
    private static String body(String message) {
        return message.startsWith("No VCL named") || message.startsWith("Cannot discard") ? message + "\n" : message;
    }

    private boolean isBuiltin(String name) {
        return node.builtin() != null && BUILTIN.equals(name);
    }

    private static void checkState(String state) {
        if (state != null && !List.of("auto", "cold", "warm").contains(state)) {
            throw new IllegalArgumentException("State must be one of auto, cold or warm.");
        }
    }

    private static CliResponse setState(VclRegistry r, String name, String state) {
        if (state == null) {
            return CliResponse.ok("");
        }
        try {
            r.state(name, VclState.of(state));
            return CliResponse.ok("");
        } catch (IllegalArgumentException | IllegalStateException e) {
            return refused(e);
        }
    }
}
