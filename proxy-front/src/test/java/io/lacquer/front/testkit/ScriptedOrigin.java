package io.lacquer.front.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An origin on a raw loopback socket that answers each request path with the exact bytes its
 * {@link Script} chooses, so a test controls the message framing to the byte. One thread per
 * connection; it reads a request head and its body (Content-Length or chunked, decoded), answers
 * {@code 100 Continue} to {@code Expect: 100-continue} before reading the body, then writes the
 * script's bytes and keeps the connection or closes it. Unknown paths get a 404; paths given to
 * {@link #hangUpOn} or {@link #answerThenHangUp} get the connection closed right after their head
 * (recorded with an empty body), body unread.
 */
public final class ScriptedOrigin implements AutoCloseable {
    /** A request as the origin read it; header names are lower case; {@code connection} counts from 1. */
    public record Request(String method, String path, Map<String, String> headers, byte[] body, int connection) {
    }

    /** What to write back, and whether to close the connection after it. */
    public record Reply(byte[] bytes, boolean close) {
        /** Writes {@code raw} (ISO-8859-1) and keeps the connection. */
        public static Reply keep(String raw) {
            return new Reply(raw.getBytes(StandardCharsets.ISO_8859_1), false);
        }

        /** Writes {@code raw} (ISO-8859-1) and closes the connection. */
        public static Reply close(String raw) {
            return new Reply(raw.getBytes(StandardCharsets.ISO_8859_1), true);
        }
    }

    /** The answer to one path; may block (a slow server). */
    @FunctionalInterface
    public interface Script {
        Reply answer(Request request) throws Exception;
    }

    private final ServerSocket listener;
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    /** Paths whose connection is closed right after their head, and what is written first. */
    private final Map<String, byte[]> hangUps = new ConcurrentHashMap<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    /** Listens on an ephemeral loopback port. */
    public ScriptedOrigin() {
        try {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Thread t = new Thread(this::acceptLoop, "scripted-origin-" + listener.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    /** Answers requests for {@code path} (query excluded) with {@code script}. */
    public ScriptedOrigin on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    /** Closes the connection as soon as a request head for {@code path} is read: a server failing mid-request. */
    public ScriptedOrigin hangUpOn(String path) {
        hangUps.put(path, new byte[0]);
        return this;
    }

    /**
     * Writes {@code raw} (ISO-8859-1) as soon as a request head for {@code path} is read, then
     * closes the connection with the body unread: a server refusing a body (a 413) the moment it
     * sees the head.
     */
    public ScriptedOrigin answerThenHangUp(String path, String raw) {
        hangUps.put(path, raw.getBytes(StandardCharsets.ISO_8859_1));
        return this;
    }

    /** Its port. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    /** Requests read so far, in order. */
    public List<Request> received() {
        return List.copyOf(received);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket s = listener.accept();
                int id = accepted.incrementAndGet();
                open.add(s);
                Thread t = new Thread(() -> serve(s, id), "scripted-origin-conn-" + id);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket s, int id) {
        try (s) {
            s.setSoTimeout(30_000);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (true) {
                List<String> head = readHead(in);
                if (head == null) {
                    return;
                }
                String[] line = head.get(0).split(" ");
                Map<String, String> headers = new HashMap<>();
                for (String h : head.subList(1, head.size())) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                String path = line[1].split("\\?", 2)[0];
                byte[] last = hangUps.get(path);
                if (last != null) {
                    received.add(new Request(line[0], path, Map.copyOf(headers), new byte[0], id));
                    out.write(last);
                    out.flush();
                    return;
                }
                if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                }
                byte[] body = readBody(in, headers);
                Request r = new Request(line[0], path, Map.copyOf(headers), body, id);
                received.add(r);
                Script script = scripts.getOrDefault(path,
                        x -> Reply.keep("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
                Reply reply = script.answer(r);
                out.write(reply.bytes());
                out.flush();
                if (reply.close()) {
                    return;
                }
            }
        } catch (Exception e) {
            // the front closed the connection, or the test ended
        } finally {
            open.remove(s);
        }
    }

    /* The head's lines without the blank one, or null at a clean end of stream. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = readLine(in);
            if (l == null) {
                if (lines.isEmpty()) {
                    return null;
                }
                throw new IOException("end of stream inside a request head");
            }
            if (l.isEmpty()) {
                return lines;
            }
            lines.add(l);
        }
    }

    private static byte[] readBody(InputStream in, Map<String, String> headers) throws IOException {
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = readLine(in);
                int n = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
                if (n == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    return body.toByteArray();
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
        }
        String length = headers.get("content-length");
        return length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length));
    }

    /* A CRLF-terminated line without its CRLF, or null at end of stream. */
    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r' ? sb.length() - 1 : sb.length();
                return sb.substring(0, end);
            }
            sb.append((char) c);
        }
        return null;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
