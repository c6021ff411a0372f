package io.lacquer.core.testkit;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend whose every answer a test scripts, on a real loopback socket (varnishtest's
 * {@code server s1 { rxreq; txresp }}). Plain sockets and a thread per connection, so a script can
 * stall, dribble, send malformed bytes or close without answering. Records every request.
 *
 * <pre>{@code
 * try (ScriptedOrigin origin = ScriptedOrigin.start()) {
 *     origin.on("/a", (req, resp) -> resp.status(200).header("Cache-Control", "max-age=60").send("hello"));
 *     ...
 * }
 * }</pre>
 */
public final class ScriptedOrigin implements AutoCloseable {
    /** Answers one request. */
    @FunctionalInterface
    public interface Script {
        /** Writes the answer to {@code req} through {@code resp}. */
        void answer(Request req, Response resp) throws Exception;
    }

    /**
     * A request as the origin received it.
     *
     * @param method the method
     * @param target the request target
     * @param headers the header fields, names lower-cased, in order
     * @param body the body bytes
     */
    public record Request(String method, String target, List<Map.Entry<String, String>> headers, byte[] body) {
        /** The first value of a header (case-insensitive), or null. */
        public String header(String name) {
            String n = name.toLowerCase(Locale.ROOT);
            for (Map.Entry<String, String> e : headers) {
                if (e.getKey().equals(n)) {
                    return e.getValue();
                }
            }
            return null;
        }

        /** The path part of the target. */
        public String path() {
            int q = target.indexOf('?');
            return q < 0 ? target : target.substring(0, q);
        }
    }

    /** Builds and writes one response. */
    public static final class Response {
        private final OutputStream out;
        private final Socket socket;
        private int status = 200;
        private String reason = "OK";
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private boolean sent;

        Response(Socket socket, OutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        /** Sets the status (and its usual reason). */
        public Response status(int status) {
            this.status = status;
            this.reason = switch (status) {
                case 200 -> "OK";
                case 304 -> "Not Modified";
                case 404 -> "Not Found";
                case 500 -> "Internal Server Error";
                case 503 -> "Service Unavailable";
                default -> "Status";
            };
            return this;
        }

        /** Adds a header field. */
        public Response header(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        /** Sends the response with a Content-Length body. */
        public void send(String body) throws IOException {
            send(body.getBytes(StandardCharsets.UTF_8));
        }

        /** Sends the response with a Content-Length body. */
        public void send(byte[] body) throws IOException {
            headers.computeIfAbsent("Content-Length", k -> new ArrayList<>()).add(Integer.toString(body.length));
            writeHead();
            out.write(body);
            out.flush();
        }

        /** Sends the head with {@code Transfer-Encoding: chunked}; then {@link #chunk} and {@link #end}. */
        public void startChunked() throws IOException {
            headers.computeIfAbsent("Transfer-Encoding", k -> new ArrayList<>()).add("chunked");
            writeHead();
            out.flush();
        }

        /** Sends one chunk and flushes it. */
        public void chunk(String data) throws IOException {
            byte[] b = data.getBytes(StandardCharsets.UTF_8);
            out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Ends a chunked body. */
        public void end() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        /** Writes raw bytes (for malformed answers), then flushes. */
        public void raw(String bytes) throws IOException {
            sent = true;
            out.write(bytes.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Closes the connection, answered or not. */
        public void close() throws IOException {
            sent = true;
            socket.close();
        }

        private void writeHead() throws IOException {
            sent = true;
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
            headers.forEach((n, vs) -> vs.forEach(v -> sb.append(n).append(": ").append(v).append("\r\n")));
            sb.append("\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "scripted-origin");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile Script fallback = (req, resp) -> resp.status(404).send("no script for " + req.target());

    private ScriptedOrigin(ServerSocket server) {
        this.server = server;
        threads.execute(this::acceptLoop);
    }

    /** An origin on a free loopback port. */
    public static ScriptedOrigin start() throws IOException {
        ServerSocket s = new ServerSocket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        return new ScriptedOrigin(s);
    }

    /** Scripts the answer for a path (query ignored); replaces any earlier script for it. */
    public ScriptedOrigin on(String path, Script script) {
        scripts.put(path, script);
        return this;
    }

    /** Scripts the answer for every path without a script of its own. */
    public ScriptedOrigin otherwise(Script script) {
        this.fallback = script;
        return this;
    }

    /** The port. */
    public int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}. */
    public String hostPort() {
        return "127.0.0.1:" + port();
    }

    /** How many requests arrived for {@code path}. */
    public int count(String path) {
        AtomicInteger n = counts.get(path);
        return n == null ? 0 : n.get();
    }

    /** Every request received, in order. */
    public List<Request> requests() {
        return List.copyOf(received);
    }

    /** The last request for {@code path}, or null. */
    public Request last(String path) {
        Request found = null;
        for (Request r : received) {
            if (r.path().equals(path)) {
                found = r;
            }
        }
        return found;
    }

    /** Closes every connection taken so far, as a server does with keep-alive connections left idle. */
    public void closeConnections() throws IOException {
        for (Socket s : sockets) {
            sockets.remove(s);
            s.close();
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing the listener is best effort in a test's teardown
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // same
            }
        }
        threads.shutdownNow();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                sockets.add(s);
                threads.execute(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            for (;;) {
                Request req = read(in);
                if (req == null) {
                    return;
                }
                received.add(req);
                counts.computeIfAbsent(req.path(), k -> new AtomicInteger()).incrementAndGet();
                Response resp = new Response(socket, out);
                scripts.getOrDefault(req.path(), fallback).answer(req, resp);
                if (socket.isClosed() || "close".equalsIgnoreCase(req.header("connection"))) {
                    return;
                }
            }
        } catch (SocketException | InterruptedException e) {
            // the peer went away, or the test is over; nothing to answer
        } catch (Exception e) {
            System.err.println("scripted origin: " + e);
        }
    }

    private static Request read(InputStream in) throws IOException {
        String line = line(in);
        if (line == null || line.isEmpty()) {
            return null;
        }
        String[] parts = line.split(" ");
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            headers.add(Map.entry(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim()));
        }
        Request head = new Request(parts[0], parts[1], headers, new byte[0]);
        byte[] body = new byte[0];
        String length = head.header("content-length");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length));
        } else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                bytes.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            body = bytes.toByteArray();
        }
        return new Request(parts[0], parts[1], headers, body);
    }

    private static String line(InputStream in) throws IOException {
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
