package io.lacquer.it.admin;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An authenticated connection to a management port, speaking the CLI protocol by hand: each
 * command's answer is returned whole, status line included ({@code "200 19      \nVCL 'v2' now active\n"}).
 */
final class RawCli implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    /** Connects to {@code port} and answers the challenge with {@code secret}. */
    RawCli(int port, Path secret) throws IOException, GeneralSecurityException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        String challenge = read().substring(13, 45);
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update((challenge + "\n").getBytes(StandardCharsets.US_ASCII));
        sha.update(Files.readAllBytes(secret));
        sha.update((challenge + "\n").getBytes(StandardCharsets.US_ASCII));
        String banner = send("auth " + HexFormat.of().formatHex(sha.digest()));
        assertTrue(banner.startsWith("200 "), banner);
    }

    /** Sends one command line and returns its answer. */
    String send(String command) throws IOException {
        out.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return read();
    }

    private String read() throws IOException {
        byte[] head = in.readNBytes(13);
        int length = Integer.parseInt(new String(head, 4, 8, StandardCharsets.US_ASCII).trim());
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(head);
        b.write(in.readNBytes(length + 1));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
