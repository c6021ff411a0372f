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
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\n");
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
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\n");
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
            if (!node.builtinActive() && r.active() != null && r.active().name().equals(name)) {
                return CliResponse.ok("");
            }
            r.use(name);
            return CliResponse.ok("VCL '" + name + "' now active");
        } catch (IllegalArgumentException e) {
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\n");
        } catch (IllegalStateException e) {
            return CliResponse.of(CliStatus.CANT, e.getMessage() + "\n");
        }
    }

    CliResponse discard(List<String> patterns) {
        VclRegistry r = node.policies();
        if (r == null) {
            return CliResponse.of(CliStatus.CANT, NO_REGISTRY);
        }
        List<String> names = new ArrayList<>();
        for (String pattern : patterns) {
            if (node.builtin() != null && Commands.glob(pattern, BUILTIN)) {
                return CliResponse.of(CliStatus.CANT, node.builtinActive() ? "Cannot discard active VCL program boot\n"
                        : "Cannot discard the builtin policy boot\n");
            }
            boolean any = false;
            for (VclListing l : r.list()) {
                if (Commands.glob(pattern, l.name())) {
                    any = true;
                    if (l.active() && l.labelOf() == null) {
                        return CliResponse.of(CliStatus.CANT, "Cannot discard active VCL program " + l.name() + "\n");
                    }
                    if (!names.contains(l.name())) {
                        names.add(l.name());
                    }
                }
            }
            if (!any) {
                return CliResponse.of(CliStatus.PARAM, "No VCL name matches " + pattern + "\n");
            }
        }
        for (String name : names) {
            List<String> labels = new ArrayList<>();
            for (VclListing l : r.list()) {
                if (name.equals(l.labelOf()) && !names.contains(l.name())) {
                    labels.add(l.name());
                }
            }
            if (!labels.isEmpty()) {
                return CliResponse.of(CliStatus.CANT, "Cannot discard labeled VCL program " + name + ":\n\t"
                        + String.join("\n\t", labels) + "\n");
            }
        }
        // labels first, so that the policies they point at can go in the same command
        names.sort((a, b) -> Boolean.compare(!isLabel(r, a), !isLabel(r, b)));
        for (String name : names) {
            r.discard(name);
        }
        return CliResponse.ok("");
    }

    /** {@code vcl.list -j}: one object per policy. */
    CliResponse listJson(String head) {
        VclRegistry r = node.policies();
        List<String> rows = new ArrayList<>();
        if (node.builtin() != null) {
            rows.add(row(node.builtinActive(), "auto", true, BUILTIN));
        }
        if (r != null) {
            for (VclListing l : r.list()) {
                rows.add(row(l.active() && l.labelOf() == null, l.labelOf() != null ? "label" : l.state().vclName(), l.warm(), l.name()));
            }
        }
        return CliResponse.ok(head + String.join(",\n", rows) + "\n]\n");
    }

    private static String row(boolean active, String state, boolean warm, String name) {
        return "{\n\"status\": \"" + (active ? "active" : "available") + "\",\n\"state\": \"" + state
                + "\",\n\"temperature\": \"" + (warm ? "warm" : "cold") + "\",\n\"busy\": 0,\n\"name\": \"" + name + "\"\n}";
    }

    CliResponse list() {
        VclRegistry r = node.policies();
        VteTable table = new VteTable();
        if (r == null) {
            table.row("active", "auto", "warm", String.format("%6d", 0), "boot");
            return CliResponse.ok(table.render());
        }
        if (node.builtin() != null) {
            table.row(node.builtinActive() ? "active" : "available", "auto", "warm", String.format("%6d", 0), BUILTIN);
        }
        List<VclListing> all = r.list();
        for (VclListing l : all) {
            String temperature = l.warm() ? "warm" : "cold";
            String busy = String.format("%6d", l.busy());
            String status = l.active() && l.labelOf() == null ? "active" : "available";
            if (l.labelOf() != null) {
                table.row(status, "label", temperature, busy, l.name(), "->", l.labelOf());
                continue;
            }
            long labels = all.stream().filter(x -> l.name().equals(x.labelOf())).count();
            if (labels > 0) {
                table.row(status, l.state().vclName(), temperature, busy, l.name(), "<-",
                        "(" + labels + " label" + (labels == 1 ? "" : "s") + ")");
            } else {
                table.row(status, l.state().vclName(), temperature, busy, l.name());
            }
        }
        return CliResponse.ok(table.render());
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
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\n");
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
        } catch (IllegalArgumentException e) {
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\n");
        } catch (IllegalStateException e) {
            return CliResponse.of(CliStatus.CANT, e.getMessage() + "\n");
        }
    }

    private boolean isBuiltin(String name) {
        return node.builtin() != null && BUILTIN.equals(name);
    }

    private static void checkState(String state) {
        if (state != null && !List.of("auto", "cold", "warm").contains(state)) {
            throw new IllegalArgumentException("State must be one of auto, cold or warm.\n");
        }
    }

    private static CliResponse setState(VclRegistry r, String name, String state) {
        if (state == null) {
            return CliResponse.ok("");
        }
        try {
            r.state(name, VclState.of(state));
            return CliResponse.ok("");
        } catch (IllegalArgumentException e) {
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\n");
        } catch (IllegalStateException e) {
            String m = e.getMessage().equals("Cannot set the active VCL cold") ? "Cannot set the active VCL cold.\n" : e.getMessage() + "\n";
            return CliResponse.of(CliStatus.CANT, m);
        }
    }

    private static boolean isLabel(VclRegistry r, String name) {
        return r.list().stream().anyMatch(l -> l.name().equals(name) && l.labelOf() != null);
    }
}
