package io.lacquer.admin.cli;

import io.lacquer.core.backend.Backend;
import io.lacquer.core.backend.probe.BackendProbe;
import io.lacquer.core.ban.BanException;
import io.lacquer.core.config.Param;
import io.lacquer.core.config.Params;
import io.lacquer.core.object.HttpDates;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the commands of {@link CliCommand} against an {@link AdminContext}, answering as varnishd
 * does (reference §3.4, §3.8): the same bodies, the same status codes.
 */
final class Commands {
    private final AdminContext node;
    private final PolicyCommands policies;
    private final long started = System.currentTimeMillis();

    Commands(AdminContext node) {
        this.node = node;
        this.policies = new PolicyCommands(node);
    }

    /** The banner sent after authentication and by {@code banner}. */
    String banner() {
        String os = System.getProperty("os.name") + "," + System.getProperty("os.version") + "," + System.getProperty("os.arch");
        return "-----------------------------\n"
                + "Lacquer CLI 1.0 (Varnish CLI protocol)\n"
                + "-----------------------------\n"
                + os + ",-jnone," + node.storageFlags() + ",-hcritbit\n"
                + "lacquer-0.1.0\n"
                + "\n"
                + "Type 'help' for command list.\n"
                + "Type 'quit' to close CLI session.\n"
                + (node.running() ? "" : "Type 'start' to launch worker process.\n");
    }

    /** Runs {@code command} with {@code args} (without {@code -j}); {@code json} when {@code -j} was given. */
    CliResponse run(CliCommand command, List<String> args, boolean json, List<String> argv) {
        return switch (command) {
            case HELP -> help(args, json, argv);
            case PING -> json ? CliResponse.ok(jsonHead(argv) + "\"PONG\"\n\n]\n")
                    : CliResponse.ok("PONG " + System.currentTimeMillis() / 1000 + " 1.0");
            case AUTH -> CliResponse.of(CliStatus.CANT, "Already authenticated.\n");
            case QUIT -> CliResponse.of(CliStatus.CLOSE, "Closing CLI connection");
            case BANNER -> CliResponse.ok(banner());
            case STATUS -> json ? CliResponse.ok(jsonHead(argv) + "\"" + state() + "\"\n]\n")
                    : CliResponse.ok("Child in state " + state());
            case START -> node.start() ? CliResponse.ok("") : CliResponse.of(CliStatus.CANT, "Child in state " + state());
            case STOP -> node.stop() ? CliResponse.ok("") : CliResponse.of(CliStatus.CANT, "Child in state " + state());
            case PID -> pid(json, argv);
            case PARAM_SHOW -> paramShow(args, json, argv);
            case PARAM_SET -> paramSet(args.get(0), args.get(1));
            case PARAM_RESET -> paramSet(args.get(0), null);
            case STORAGE_LIST -> json ? storageJson(argv) : storageList();
            case BACKEND_LIST -> backendList(args, json, argv);
            case BACKEND_SET_HEALTH -> setHealth(args.get(0), args.get(1));
            case PANIC_SHOW -> CliResponse.of(CliStatus.CANT, "Child has not panicked or panic has been cleared");
            case VCL_LOAD -> policies.load(args.get(0), java.nio.file.Path.of(args.get(1)), args.size() > 2 ? args.get(2) : null);
            case VCL_INLINE -> policies.inline(args.get(0), args.get(1), args.size() > 2 ? args.get(2) : null);
            case VCL_USE -> policies.use(args.get(0));
            case VCL_DISCARD -> policies.discard(args);
            case VCL_LIST -> json ? policies.listJson(jsonHead(argv)) : policies.list();
            case VCL_SHOW -> policies.show(args);
            case VCL_STATE -> policies.state(args.get(0), args.get(1));
            case VCL_LABEL -> policies.label(args.get(0), args.get(1));
            case BAN -> ban(args);
            case XKEY_PURGE -> {
                int n = 0;
                for (String tag : args) {
                    n += node.purgeTag(tag);
                }
                yield CliResponse.ok(n + " objects purged\n");
            }
            case BAN_LIST -> json ? CliResponse.ok(jsonHead(argv) + String.join(",\n", node.bans().renderJson()) + "\n]\n")
                    : CliResponse.ok(node.bans().render());
        };
    }

    private CliResponse ban(List<String> args) {
        try {
            node.bans().add(args);
            return CliResponse.ok("");
        } catch (BanException e) {
            return CliResponse.of(CliStatus.PARAM, e.getMessage() + "\n");
        }
    }

    private String state() {
        return node.running() ? "running" : "stopped";
    }

    private static String jsonHead(List<String> argv) {
        StringBuilder sb = new StringBuilder("[ 2, [");
        for (int i = 0; i < argv.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append('"').append(argv.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append("], ").append(String.format(Locale.ROOT, "%.3f", System.currentTimeMillis() / 1000.0)).append(", ").toString();
    }

    private static CliResponse unimplementedJson() {
        return CliResponse.of(CliStatus.UNIMPL, "JSON unimplemented\n");
    }

    private CliResponse help(List<String> args, boolean json, List<String> argv) {
        if (json) {
            List<String> rows = new java.util.ArrayList<>();
            for (CliCommand c : CliCommand.values()) {
                rows.add("{\n\"request\": \"" + c.id() + "\",\n\"syntax\": \"" + c.syntax() + "\",\n\"help\": \""
                        + c.help() + "\",\n\"minarg\": " + c.minArgs() + ",\n\"maxarg\": "
                        + (c.maxArgs() == Integer.MAX_VALUE ? -1 : c.maxArgs()) + "\n}");
            }
            return CliResponse.ok(jsonHead(argv) + String.join(",\n", rows) + "\n]\n");
        }
        if (!args.isEmpty()) {
            CliCommand c = CliCommand.byId(args.get(0));
            if (c == null) {
                return CliResponse.of(CliStatus.UNKNOWN, "Unknown request.\nType 'help' for more info.\n");
            }
            return CliResponse.ok(c.syntax() + "\n  " + c.help() + "\n");
        }
        StringBuilder sb = new StringBuilder();
        for (CliCommand c : CliCommand.values()) {
            sb.append(c.syntax()).append('\n');
        }
        return CliResponse.ok(sb.toString());
    }

    private CliResponse pid(boolean json, List<String> argv) {
        long pid = ProcessHandle.current().pid();
        if (json) {
            return CliResponse.ok(jsonHead(argv) + "{\"master\": " + pid + ", \"worker\": " + pid + "}\n]\n");
        }
        return CliResponse.ok(String.format("Master: %10d\n", pid) + (node.running() ? String.format("Worker: %10d\n", pid) : ""));
    }

    // ---- parameters ----

    private CliResponse paramShow(List<String> args, boolean json, List<String> argv) {
        Params params = node.params();
        if (json) {
            List<String> rows = new java.util.ArrayList<>();
            Map<Param, Double> changed = params.changed();
            boolean changedOnly = args.contains("changed");
            String only = args.stream().filter(a -> !a.equals("changed") && !a.equals("-l")).findFirst().orElse(null);
            for (Param p : Param.values()) {
                if ((changedOnly && !changed.containsKey(p)) || (only != null && !p.id().equals(only))) {
                    continue;
                }
                rows.add("{\n\"name\": \"" + p.id() + "\",\n\"implemented\": true,\n\"value\": \""
                        + value(p, params.get(p)) + "\",\n\"units\": \"" + p.unit().label() + "\",\n\"default\": \""
                        + value(p, p.parse(p.defaultText())) + "\",\n\"minimum\": \"" + value(p, p.min())
                        + "\",\n\"description\": \"" + p.description().replace("\"", "\\\"") + "\"\n}");
            }
            if (only != null && rows.isEmpty()) {
                return CliResponse.of(CliStatus.PARAM, "Unknown parameter \"" + only + "\".");
            }
            return CliResponse.ok(jsonHead(argv) + String.join(",\n", rows) + "\n]\n");
        }
        boolean longForm = !args.isEmpty() && args.get(0).equals("-l");
        List<String> rest = longForm ? args.subList(1, args.size()) : args;
        if (rest.isEmpty() || rest.get(0).equals("changed")) {
            boolean changedOnly = !rest.isEmpty();
            Map<Param, Double> changed = params.changed();
            StringBuilder sb = new StringBuilder();
            for (Param p : Param.values()) {
                if (!changedOnly || changed.containsKey(p)) {
                    sb.append(longForm ? longForm(p, params) : shortForm(p, params));
                }
            }
            return CliResponse.ok(sb.toString());
        }
        Param p = Param.byId(rest.get(0));
        if (p == null) {
            return CliResponse.of(CliStatus.PARAM, "Unknown parameter \"" + rest.get(0) + "\".");
        }
        return CliResponse.ok(longForm(p, params));
    }

    private static String shortForm(Param p, Params params) {
        return String.format("%-30s%s [%s]%s\n", p.id(), value(p, params.get(p)), p.unit().label(), isDefault(p, params) ? " (default)" : "");
    }

    private static String longForm(Param p, Params params) {
        StringBuilder sb = new StringBuilder(p.id()).append('\n');
        sb.append("        Value is: ").append(value(p, params.get(p))).append(" [").append(p.unit().label()).append(']')
                .append(isDefault(p, params) ? " (default)" : "").append('\n');
        sb.append("        Default is: ").append(value(p, p.parse(p.defaultText()))).append('\n');
        sb.append("        Minimum is: ").append(value(p, p.min())).append("\n\n");
        for (String line : wrap(p.description(), 64)) {
            sb.append("        ").append(line).append('\n');
        }
        return sb.append('\n').toString();
    }

    private static boolean isDefault(Param p, Params params) {
        return params.get(p) == p.parse(p.defaultText());
    }

    /** A value as varnishd prints it: seconds with three decimals, sizes with k/m/g, switches on/off. */
    static String value(Param p, double v) {
        return switch (p.unit()) {
            case SECONDS -> String.format(Locale.ROOT, "%.3f", v);
            case BOOLEAN -> v != 0 ? "on" : "off";
            case BYTES -> {
                long b = (long) v;
                if (b != 0 && b % (1L << 30) == 0) {
                    yield (b >> 30) + "g";
                } else if (b != 0 && b % (1L << 20) == 0) {
                    yield (b >> 20) + "m";
                } else if (b != 0 && b % 1024 == 0) {
                    yield (b >> 10) + "k";
                }
                yield b + "b";
            }
            default -> Long.toString((long) v);
        };
    }

    private CliResponse paramSet(String name, String value) {
        Param p = Param.byId(name);
        if (p == null) {
            return CliResponse.of(CliStatus.PARAM, "Unknown parameter \"" + name + "\".");
        }
        try {
            if (value == null) {
                node.params().reset(p);
            } else {
                node.params().set(p, value);
            }
            return CliResponse.ok("");
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            int cut = message.indexOf(" (attempting");
            if (cut > 0) {
                message = message.substring(0, cut);
            }
            return CliResponse.of(CliStatus.PARAM, message + "\n\n(attempting to set param '" + name + "' to '" + value + "')\n");
        }
    }

    // ---- storage and backends ----

    private CliResponse storageJson(List<String> argv) {
        List<String> names = new java.util.ArrayList<>();
        for (String[] s : node.stores()) {
            names.add("\"storage." + s[0] + "\"");
        }
        return CliResponse.ok(jsonHead(argv) + "[" + String.join(", ", names) + "]\n]\n");
    }

    private CliResponse storageList() {
        StringBuilder sb = new StringBuilder("Storage devices:\n");
        for (String[] s : node.stores()) {
            sb.append("\tstorage.").append(s[0]).append(" = ").append(s[1]).append('\n');
        }
        return CliResponse.ok(sb.toString());
    }

    /** {@code backend.list [-p] [pattern]}: admin state, probe window and health of each backend. */
    private CliResponse backendList(List<String> args, boolean json, List<String> argv) {
        boolean details = args.contains("-p");
        String pattern = args.stream().filter(a -> !a.equals("-p")).findFirst().orElse(null);
        VteTable table = new VteTable().row("Backend name", "Admin", "Probe", "Health", "Last change");
        StringBuilder probes = new StringBuilder();
        List<String> objects = new java.util.ArrayList<>();
        String changed = HttpDates.format(started);
        for (Backend b : node.backends()) {
            String name = node.activeVcl() + "." + b.name();
            if (pattern != null && !glob(pattern, name) && !glob(pattern, b.name())) {
                continue;
            }
            BackendProbe probe = node.probe(b);
            String admin = switch (b.adminHealth()) {
                case AUTO -> probe != null ? "probe" : "healthy";
                case HEALTHY -> "healthy";
                case SICK -> "sick";
            };
            String window = probe == null ? "0/0" : probe.goodInWindow() + "/" + probe.spec().window();
            String health = b.healthy() ? "healthy" : "sick";
            table.row(name, admin, window, health, changed);
            if (details && probe != null) {
                probes.append(" Current states  good: ").append(String.format("%2d", probe.goodInWindow()))
                        .append(" threshold: ").append(String.format("%2d", probe.spec().threshold()))
                        .append(" window: ").append(String.format("%2d", probe.spec().window())).append('\n');
            }
            objects.add("\"" + name + "\": {\"type\": \"backend\",\"admin_health\": \"" + admin
                    + "\",\"probe_message\": [" + window.replace("/", ", ") + ", \"" + health + "\"],\"last_change\": "
                    + String.format(Locale.ROOT, "%.3f", started / 1000.0) + "}");
        }
        if (json) {
            return CliResponse.ok(jsonHead(argv) + "{" + String.join(",", objects) + "}\n]\n");
        }
        return CliResponse.ok(table.render() + probes);
    }

    private CliResponse setHealth(String pattern, String state) {
        Backend.AdminHealth health = switch (state) {
            case "auto" -> Backend.AdminHealth.AUTO;
            case "healthy" -> Backend.AdminHealth.HEALTHY;
            case "sick" -> Backend.AdminHealth.SICK;
            default -> null;
        };
        if (health == null) {
            return CliResponse.of(CliStatus.PARAM, "Invalid state " + state + "\n");
        }
        int n = 0;
        for (Backend b : node.backends()) {
            if (glob(pattern, node.activeVcl() + "." + b.name()) || glob(pattern, b.name())) {
                b.adminHealth(health);
                n++;
            }
        }
        return n == 0 ? CliResponse.of(CliStatus.PARAM, "No Backends matches\n") : CliResponse.ok("");
    }

    /** Shell-style matching with {@code *} and {@code ?}, as varnishd's backend patterns. */
    static boolean glob(String pattern, String name) {
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return name.matches(re.toString());
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
