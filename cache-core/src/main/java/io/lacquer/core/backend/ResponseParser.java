package io.lacquer.core.backend;

import io.lacquer.core.http.HeaderList;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a response's status line and header section (RFC 9112 §4 and §5), strictly: obsolete line
 * folding, malformed names, a bad status line or a section over the size or line limits is an
 * error, never guessed at.
 */
final class ResponseParser {
    private ResponseParser() {
    }

    /*
     * response   = status-line *( field-line CRLF ) CRLF
     * status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ]
     * field-line = field-name ":" OWS field-value OWS
     */
    static ResponseHead read(InputStream in, int maxBytes, int maxFields) throws IOException {
        int[] budget = {maxBytes};
        String statusLine = line(in, budget, true);
        if (statusLine.length() < 12 || !statusLine.startsWith("HTTP/1.") || statusLine.charAt(8) != ' '
                || !Character.isDigit(statusLine.charAt(7))) {
            throw new BackendProtocolException("malformed status line: " + printable(statusLine));
        }
        String proto = statusLine.substring(0, 8);
        int status = 0;
        for (int i = 9; i < 12; i++) {
            char c = statusLine.charAt(i);
            if (c < '0' || c > '9') {
                throw new BackendProtocolException("malformed status code: " + printable(statusLine));
            }
            status = status * 10 + (c - '0');
        }
        if (status < 100) {
            throw new BackendProtocolException("status code out of range: " + status);
        }
        if (statusLine.length() > 12 && statusLine.charAt(12) != ' ') {
            throw new BackendProtocolException("malformed status line: " + printable(statusLine));
        }
        String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
        HeaderList headers = new HeaderList();
        for (;;) {
            String line = line(in, budget, false);
            if (line.isEmpty()) {
                return new ResponseHead(proto, status, reason, headers);
            }
            if (line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw new BackendProtocolException("obsolete line folding in response header");
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !isToken(line, colon)) {
                throw new BackendProtocolException("malformed header line: " + printable(line));
            }
            if (headers.size() >= maxFields) {
                throw new BackendProtocolException("too many header lines (limit " + maxFields + ")");
            }
            headers.add(line.substring(0, colon), line.substring(colon + 1).strip());
        }
    }

    private static String line(InputStream in, int[] budget, boolean first) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (;;) {
            int b = in.read();
            if (b < 0) {
                if (first && sb.length() == 0) {
                    throw new EOFException("backend closed the connection before answering");
                }
                throw new BackendProtocolException("backend closed the connection in the response header");
            }
            if (--budget[0] < 0) {
                throw new BackendProtocolException("response header larger than http_resp_size");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    private static boolean isToken(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String printable(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "…" : s;
        return new String(t.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
    }
}
