package io.lacquer.core.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client that sends exactly the bytes a test gives and parses what comes back,
 * for the cases a real client would refuse to send (no Host, huge headers, garbage).
 */
public final class RawHttp {
    /**
     * A response.
     *
     * @param status the status code
     * @param reason the reason phrase
     * @param headers header values by lower-cased name
     * @param body the decoded body
     */
    public record Response(int status, String reason, Map<String, List<String>> headers, byte[] body) {
        /** The first value of a header, or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }

        /** Every value of a header. */
        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private RawHttp() {
    }

    /** {@code GET path} with a Host header and {@code extraHeaders} ("Name: value" each), on a new connection. */
    public static Response get(int port, String path, String... extraHeaders) throws IOException {
        return request(port, "GET", path, extraHeaders);
    }

    /** A request without a body, on a new connection. */
    public static Response request(int port, String method, String path, String... extraHeaders) throws IOException {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (String h : extraHeaders) {
            sb.append(h).append("\r\n");
        }
        sb.append("Connection: close\r\n\r\n");
        return send(port, sb.toString());
    }

    /** Sends {@code raw} as it is and reads one response. */
    public static Response send(int port, String raw) throws IOException {
        try (Socket s = open(port)) {
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(new BufferedInputStream(s.getInputStream()), !raw.startsWith("HEAD "));
        }
    }

    /**
     * {@code POST path} with {@code Expect: 100-continue}: sends the body only once the 100 has
     * come, as a waiting client does, and reads the response.
     *
     * @throws java.net.SocketTimeoutException when no 100 comes within 3 s
     * @throws IOException when something other than a 100 comes first
     */
    public static Response postAfterContinue(int port, String path, String body) throws IOException {
        try (Socket s = open(port)) {
            s.setSoTimeout(3000);
            s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                    + body.length() + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            BufferedInputStream in = new BufferedInputStream(s.getInputStream());
            String status = line(in);
            if (!status.equals("HTTP/1.1 100 Continue")) {
                throw new IOException("expected a 100 Continue, got: " + status);
            }
            while (!line(in).isEmpty()) {
                // the rest of the interim response (Undertow adds Content-Length: 0 to its 100)
            }
            s.getOutputStream().write(body.getBytes(StandardCharsets.ISO_8859_1));
            return read(in, true);
        }
    }

    /** A connected socket with a 15 s read timeout. */
    public static Socket open(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(15_000);
        return s;
    }

    /** Reads the status line and headers only. */
    public static Response readHead(InputStream in) throws IOException {
        String status = line(in);
        if (status == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = status.split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(h.substring(colon + 1).trim());
        }
        return new Response(Integer.parseInt(parts[1]), parts.length > 2 ? parts[2] : "", headers, new byte[0]);
    }

    /** Reads one whole response. */
    public static Response read(InputStream in, boolean hasBody) throws IOException {
        Response head = readHead(in);
        byte[] body = new byte[0];
        int s = head.status();
        if (hasBody && s != 204 && s != 304 && s >= 200) {
            String length = head.header("content-length");
            if (length != null) {
                body = in.readNBytes(Integer.parseInt(length));
            } else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int n = chunkSize(in); n > 0; n = chunkSize(in)) {
                    byte[] data = in.readNBytes(n);
                    if (data.length < n) {
                        throw new EOFException("connection closed inside a chunk");
                    }
                    out.write(data);
                    line(in);
                }
                line(in);
                body = out.toByteArray();
            } else {
                body = in.readAllBytes();
            }
        }
        return new Response(head.status(), head.reason(), head.headers(), body);
    }

    private static int chunkSize(InputStream in) throws IOException {
        String size = line(in);
        if (size == null) {
            throw new EOFException("connection closed before the end of a chunked body");
        }
        return Integer.parseInt(size.trim(), 16);
    }

    /** One line without its CRLF, or null at the end of the stream. */
    public static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            if (b != '\r') {
                sb.append((char) b);
            }
        }
        return b < 0 && sb.length() == 0 ? null : sb.toString();
    }
}
