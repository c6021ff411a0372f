package io.lacquer.admin.cli;

/**
 * The CLI commands, each declared once with its syntax, help, argument counts, whether it has a
 * {@code -j} form and whether it may be used before authentication (Varnish's
 * {@code include/tbl/cli_cmds.h}). Parsing, arity checks and {@code help} all read this table.
 */
public enum CliCommand {
    HELP("help", "help [-j|<command>]", "Show command/protocol help.", 0, 1, true, true),
    PING("ping", "ping [-j] [<timestamp>]", "Keep connection alive.", 0, 1, true, true),
    AUTH("auth", "auth <response>", "Authenticate.", 1, 1, false, true),
    QUIT("quit", "quit", "Close connection.", 0, 0, false, true),
    BANNER("banner", "banner", "Print welcome banner.", 0, 0, false, false),
    STATUS("status", "status [-j]", "Check status of the cache process.", 0, 0, true, false),
    START("start", "start", "Start the cache process.", 0, 0, false, false),
    STOP("stop", "stop", "Stop the cache process.", 0, 0, false, false),
    PID("pid", "pid [-j]", "Show the pid of the master process, and the worker if it's running.", 0, 0, true, false),
    PARAM_SHOW("param.show", "param.show [-l|-j] [<param>|changed]", "Show parameters and their values.", 0, 2, true, false),
    PARAM_SET("param.set", "param.set [-j] <param> <value>", "Set parameter value.", 2, 2, true, false),
    PARAM_RESET("param.reset", "param.reset <param>", "Reset parameter to default value.", 1, 1, false, false),
    STORAGE_LIST("storage.list", "storage.list [-j]", "List storage devices.", 0, 0, true, false),
    BACKEND_LIST("backend.list", "backend.list [-j] [-p] [<backend_pattern>]", "List backends.", 0, 2, true, false),
    BACKEND_SET_HEALTH("backend.set_health", "backend.set_health <backend_pattern> [auto|healthy|sick]",
            "Set health status of backend(s).", 2, 2, false, false),
    PANIC_SHOW("panic.show", "panic.show [-j]", "Return the last panic, if any.", 0, 0, true, false),
    VCL_LOAD("vcl.load", "vcl.load <configname> <filename> [auto|cold|warm]", "Compile and load the VCL file under the name provided.", 2, 3, false, false),
    VCL_INLINE("vcl.inline", "vcl.inline <configname> <quoted_VCLstring> [auto|cold|warm]", "Compile and load the VCL data under the name provided.", 2, 3, false, false),
    VCL_USE("vcl.use", "vcl.use <configname|label>", "Switch to the named configuration immediately.", 1, 1, false, false),
    VCL_DISCARD("vcl.discard", "vcl.discard <name_pattern>...", "Unload the named configurations (when possible).", 1, Integer.MAX_VALUE, false, false),
    VCL_LIST("vcl.list", "vcl.list [-j]", "List all loaded configuration.", 0, 0, true, false),
    VCL_SHOW("vcl.show", "vcl.show [-v] [<configname>]", "Display the source code for the specified configuration.", 0, 2, false, false),
    VCL_STATE("vcl.state", "vcl.state <configname> [auto|cold|warm]", "Force the state of the named configuration.", 2, 2, false, false),
    VCL_LABEL("vcl.label", "vcl.label <label> <configname>", "Apply label to configuration.", 2, 2, false, false),
    BAN("ban", "ban <field> <operator> <arg> [&& <field> <oper> <arg> ...]",
            "Mark obsolete all objects where all the conditions match.", 3, Integer.MAX_VALUE, false, false),
    BAN_LIST("ban.list", "ban.list [-j]", "List the active bans.", 0, 0, true, false),
    XKEY_PURGE("xkey.purge", "xkey.purge <tag> [<tag> ...]",
            "Remove every object tagged so by its xkey or Surrogate-Key response field.", 1, Integer.MAX_VALUE, false, false);

    private final String id;
    private final String syntax;
    private final String help;
    private final int minArgs;
    private final int maxArgs;
    private final boolean json;
    private final boolean beforeAuth;

    CliCommand(String id, String syntax, String help, int minArgs, int maxArgs, boolean json, boolean beforeAuth) {
        this.id = id;
        this.syntax = syntax;
        this.help = help;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.json = json;
        this.beforeAuth = beforeAuth;
    }

    /** The command word. */
    public String id() {
        return id;
    }

    /** The syntax line {@code help} prints. */
    public String syntax() {
        return syntax;
    }

    /** The one-line help. */
    public String help() {
        return help;
    }

    /** The fewest arguments (not counting {@code -j}). */
    public int minArgs() {
        return minArgs;
    }

    /** The most arguments (not counting {@code -j}). */
    public int maxArgs() {
        return maxArgs;
    }

    /** Whether {@code -j} selects a JSON answer. */
    public boolean hasJson() {
        return json;
    }

    /** Whether it may be used before authentication. */
    public boolean beforeAuth() {
        return beforeAuth;
    }

    /** The command called {@code id}, or null. */
    public static CliCommand byId(String id) {
        for (CliCommand c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        return null;
    }
}
