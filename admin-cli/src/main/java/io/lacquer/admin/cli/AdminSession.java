package io.lacquer.admin.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One management connection: the challenge (or the banner when there is no secret), then a loop
 * that reads a command line, runs it and writes the framed answer. Before authentication only
 * {@code help}, {@code ping}, {@code auth} and {@code quit} exist, lines are capped at 80
 * characters, and any answer but 200 closes the connection.
 */
final class AdminSession implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("io.lacquer.admin");
    private static final int LINE_BEFORE_AUTH = 80;
    private static final int LINE_LIMIT = 1 << 20;

    private final Socket socket;
    private final Path secret;
    private final Commands commands;
    private final AdminServer server;
    private boolean authenticated;

    AdminSession(Socket socket, Path secret, Commands commands, AdminServer server) {
        this.socket = socket;
        this.secret = secret;
        this.commands = commands;
        this.server = server;
    }

    @Override
    public void run() {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            Challenge challenge = null;
            if (secret == null) {
                authenticated = true;
                write(out, CliResponse.ok(commands.banner()));
            } else {
                challenge = Challenge.create();
                write(out, CliResponse.of(CliStatus.AUTH, challenge.text() + "\n\nAuthentication required.\n"));
            }
            for (;;) {
                String line = readLine(in, authenticated ? LINE_LIMIT : LINE_BEFORE_AUTH);
                if (line == null) {
                    return;
                }
                if (line.isBlank()) {
                    continue;
                }
                CliResponse response = handle(line, in, challenge);
                write(out, response);
                if (response.status() == CliStatus.CLOSE || (!authenticated && response.status() != CliStatus.OK)) {
                    return;
                }
            }
        } catch (IOException e) {
            LOG.debug("admin connection from {} ended: {}", socket.getRemoteSocketAddress(), e.getMessage());
        }
    }

    private CliResponse handle(String line, InputStream in, Challenge challenge) throws IOException {
        String text = line.strip();
        if (text.startsWith("-")) {
            text = text.substring(1).strip();
        }
        List<String> argv;
        try {
            argv = new ArrayList<>(CliCodec.tokenize(text));
        } catch (CliSyntaxException e) {
            return CliResponse.of(CliStatus.SYNTAX, "Syntax Error: " + e.getMessage() + "\n");
        }
        if (argv.isEmpty()) {
            return CliResponse.of(CliStatus.SYNTAX, "Empty CLI command.\n");
        }
        if (authenticated && argv.size() >= 3 && argv.get(argv.size() - 2).equals("<<")) {
            String end = argv.remove(argv.size() - 1);
            argv.remove(argv.size() - 1);
            argv.add(hereDocument(in, end));
        }
        String word = argv.get(0);
        CliCommand command = CliCommand.byId(word);
        if (command == null || (!authenticated && !command.beforeAuth())) {
            boolean upper = CliCommand.byId(word.toLowerCase(Locale.ROOT)) != null && !word.equals(word.toLowerCase(Locale.ROOT));
            return CliResponse.of(CliStatus.UNKNOWN, "Unknown request.\nType 'help' for more info.\n"
                    + (upper ? "all commands are in lower-case.\n" : ""));
        }
        List<String> args = new ArrayList<>(argv.subList(1, argv.size()));
        boolean json = command.hasJson() && !args.isEmpty() && args.get(0).equals("-j");
        if (json) {
            args.remove(0);
        }
        if (args.size() < command.minArgs()) {
            return CliResponse.of(CliStatus.TOOFEW, "Too few parameters\n");
        }
        if (args.size() > command.maxArgs()) {
            return CliResponse.of(CliStatus.TOOMANY, "Too many parameters\n");
        }
        if (command == CliCommand.AUTH && !authenticated) {
            return authenticate(args.get(0), challenge);
        }
        return commands.run(command, args, json, argv);
    }

    private CliResponse authenticate(String answer, Challenge challenge) {
        boolean ok;
        try {
            ok = challenge.accepts(answer, secret);
        } catch (IOException e) {
            LOG.warn("cannot read the secret file {}: {}", secret, e.getMessage());
            ok = false;
        }
        if (!ok) {
            server.authFailed();
            LOG.warn("CLI authentication failure from {}", socket.getRemoteSocketAddress());
            try {
                // a delay per failure makes guessing slow; the connection closes after it
                Thread.sleep(AdminServer.AUTH_FAILURE_DELAY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return CliResponse.of(CliStatus.CLOSE, "");
        }
        authenticated = true;
        return CliResponse.ok(commands.banner());
    }

    private static String hereDocument(InputStream in, String end) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String line = readLine(in, LINE_LIMIT); line != null && !line.equals(end); line = readLine(in, LINE_LIMIT)) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    /** A line up to \n or \r (varnishadm may send a command in several writes), or null at the end. */
    private static String readLine(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n' || b == '\r') {
                return line.toString(StandardCharsets.UTF_8);
            }
            if (line.size() >= limit) {
                throw new IOException("command line longer than " + limit + " bytes");
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
    }

    private static void write(OutputStream out, CliResponse response) throws IOException {
        out.write(CliCodec.frame(response));
        out.flush();
    }
}
