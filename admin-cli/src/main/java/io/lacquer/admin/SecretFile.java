package io.lacquer.admin;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The secret file a node makes when it is given none ({@code -S} absent), as varnishd makes
 * {@code <workdir>/_.secret}: random bytes, readable by the owner only. An existing file is kept,
 * so management scripts keep working across restarts.
 */
final class SecretFile {
    private SecretFile() {
    }

    /** Makes {@code file} with a fresh secret unless it exists. */
    static void ensure(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        Files.createDirectories(file.getParent());
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            return;
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.writeString(file, HexFormat.of().formatHex(random) + "\n");
    }
}
