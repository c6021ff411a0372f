package io.lacquer.admin.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire format of the CLI (Varnish's {@code vcli_proto.c} and {@code vcli_serve.c}).
 *
 * <p>Requests are lines, tokenized like a shell: double quotes group, and inside them
 * {@code \n \r \t \" \\}, octal {@code \nnn} and hex {@code \xnn} escape. Responses are a
 * 13-byte header {@code "%-3d %-8d\n"} (status, body length), the body, and one newline that the
 * length does not count. Bodies over {@code cli_limit} are cut and their status becomes 201.
 */
public final class CliCodec {
    /** varnishd's default {@code cli_limit}: the longest body sent whole. */
    public static final int CLI_LIMIT = 48 * 1024;

    private CliCodec() {
    }

    /** The bytes of {@code response} on the wire. */
    public static byte[] frame(CliResponse response) {
        byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
        int status = response.status().code();
        if (body.length > CLI_LIMIT) {
            body = java.util.Arrays.copyOf(body, CLI_LIMIT);
            if (status == CliStatus.OK.code()) {
                status = CliStatus.TRUNCATED.code();
            }
        }
        byte[] head = String.format("%-3d %-8d\n", status, body.length).getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + body.length + 1];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        out[out.length - 1] = '\n';
        return out;
    }

    /** Splits a command line into arguments; throws with varnishd's message when it cannot. */
    static List<String> tokenize(String line) throws CliSyntaxException {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            StringBuilder arg = new StringBuilder();
            if (c == '"') {
                i++;
                boolean closed = false;
                while (i < n) {
                    c = line.charAt(i);
                    if (c == '"') {
                        closed = true;
                        i++;
                        break;
                    }
                    if (c == '\\') {
                        i = escape(line, i + 1, arg);
                        continue;
                    }
                    arg.append(c);
                    i++;
                }
                if (!closed) {
                    throw new CliSyntaxException("Missing '\"'");
                }
            } else {
                while (i < n && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    c = line.charAt(i);
                    if (c == '"') {
                        throw new CliSyntaxException("Unexpected '\"'");
                    }
                    arg.append(c);
                    i++;
                }
            }
            out.add(arg.toString());
        }
        return out;
    }

    /** Decodes the escape after a backslash at {@code i}; returns the index after it. */
    private static int escape(String s, int i, StringBuilder out) throws CliSyntaxException {
        if (i >= s.length()) {
            throw new CliSyntaxException("Missing '\"'");
        }
        char c = s.charAt(i);
        switch (c) {
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case '"' -> out.append('"');
            case '\\' -> out.append('\\');
            case 'x' -> {
                if (i + 3 > s.length()) {
                    throw new CliSyntaxException("Illegal hex escape");
                }
                try {
                    out.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                } catch (NumberFormatException e) {
                    throw new CliSyntaxException("Illegal hex escape");
                }
                return i + 3;
            }
            default -> {
                if (c >= '0' && c <= '7') {
                    int end = i;
                    while (end < s.length() && end < i + 3 && s.charAt(end) >= '0' && s.charAt(end) <= '7') {
                        end++;
                    }
                    out.append((char) Integer.parseInt(s.substring(i, end), 8));
                    return end;
                }
                throw new CliSyntaxException("Illegal backslash sequence");
            }
        }
        return i + 1;
    }
}
