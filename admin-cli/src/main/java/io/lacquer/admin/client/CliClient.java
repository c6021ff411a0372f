package io.lacquer.admin.client;

import io.lacquer.admin.cli.Challenge;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One connection to a node's management port: it answers the challenge with the secret file,
 * then sends command lines and reads framed answers (status, body).
 */
public final class CliClient implements AutoCloseable {
    /**
     * One answer.
     *
     * @param status the status code
     * @param body the body
     */
    public record Answer(int status, String body) {
        /** Whether the command succeeded (200, or 201 for a truncated body). */
        public boolean ok() {
            return status == 200 || status == 201;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private CliClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects to {@code address}, authenticating with {@code secret} when the node asks (null
     * when there is none); waits at most {@code timeoutMillis} for each answer.
     */
    public static CliClient connect(InetSocketAddress address, Path secret, int timeoutMillis) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            CliClient client = new CliClient(socket);
            Answer hello = client.read();
            if (hello.status() == 107) {
                if (secret == null) {
                    throw new IOException("Authentication required (give the secret file with -S)");
                }
                Answer banner = client.send("auth " + Challenge.answer(hello.body().substring(0, 32), Files.readAllBytes(secret)));
                if (!banner.ok()) {
                    throw new IOException("Rejected " + banner.status() + (banner.body().isEmpty() ? "" : "\n" + banner.body()));
                }
            } else if (!hello.ok()) {
                throw new IOException("Rejected " + hello.status() + "\n" + hello.body());
            }
            return client;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one command line and returns the answer. */
    public Answer send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    private Answer read() throws IOException {
        byte[] head = in.readNBytes(13);
        if (head.length < 13 || head[3] != ' ' || head[12] != '\n') {
            throw new IOException("CLI communication error (hdr)");
        }
        String[] fields = new String(head, StandardCharsets.US_ASCII).trim().split(" +");
        int status = Integer.parseInt(fields[0]);
        int length = Integer.parseInt(fields[1]);
        byte[] body = in.readNBytes(length + 1);
        if (body.length != length + 1 || body[length] != '\n') {
            throw new IOException("CLI communication error (body)");
        }
        return new Answer(status, new String(body, 0, length, StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
