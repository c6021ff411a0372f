package io.lacquer.admin.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Varnish's challenge authentication (varnish-cli(7)): the server sends 32 random lower-case
 * letters; the client answers with the hex SHA-256 of challenge, newline, the secret file's bytes,
 * challenge, newline. The file is read anew at every answer, so replacing it takes effect at once.
 */
public final class Challenge {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String challenge;

    private Challenge(String challenge) {
        this.challenge = challenge;
    }

    /** A fresh challenge. */
    static Challenge create() {
        char[] c = new char[32];
        for (int i = 0; i < c.length; i++) {
            c[i] = (char) ('a' + RANDOM.nextInt(26));
        }
        return new Challenge(new String(c));
    }

    /** The challenge text. */
    String text() {
        return challenge;
    }

    /** Whether {@code response} is right for the secret in {@code secretFile} (compared case-insensitively). */
    boolean accepts(String response, Path secretFile) throws IOException {
        return answer(challenge, Files.readAllBytes(secretFile)).equalsIgnoreCase(response.trim());
    }

    /** The answer to {@code challenge} for {@code secret}, as a client sends it after {@code auth}. */
    public static String answer(String challenge, byte[] secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] c = (challenge + "\n").getBytes(StandardCharsets.US_ASCII);
            sha.update(c);
            sha.update(secret);
            sha.update(c);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
