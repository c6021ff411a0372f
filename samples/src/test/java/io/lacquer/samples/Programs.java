package io.lacquer.samples;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the Debian tools the end-to-end tests use (chromium, prometheus, ip, keepalived, curl). */
public final class Programs {
    /** The search path: the JVM's own, plus the sbin directories, which a non-login PATH may lack. */
    public static final String PATH = System.getenv().getOrDefault("PATH", "/usr/bin:/bin") + ":/usr/sbin:/sbin";

    private Programs() {
    }

    /** The program called {@code name} on {@link #PATH}, if there is one. */
    public static Optional<Path> which(String name) {
        return Stream.of(PATH.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))
                .filter(Files::isExecutable).findFirst();
    }
}
