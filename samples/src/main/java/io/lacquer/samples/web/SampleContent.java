package io.lacquer.samples.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The files of the sample static site, written into a folder: pages, a stylesheet, a script,
 * images, the health page, and binary objects of fixed sizes for benchmarks. Deterministic, so
 * every static server of a cluster serves the same bytes (and the same ETags).
 */
public final class SampleContent {
    private SampleContent() {
    }

    /** Writes the site into {@code dir} (created if needed) and returns it. */
    public static Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("wp-content/uploads"));
        Files.createDirectories(dir.resolve("static"));
        write(dir.resolve("health.html"), "OK\n");
        write(dir.resolve("static/style.css"), "body { font-family: sans-serif; max-width: 44em; margin: 2em auto; }\n"
                + "header { border-bottom: 1px solid #ccc; } .who { color: #777; }\n");
        write(dir.resolve("static/app.js"), "document.addEventListener('DOMContentLoaded', () => {\n"
                + "  document.body.dataset.loaded = 'yes';\n});\n");
        for (int i = 1; i <= 20; i++) {
            write(dir.resolve("wp-content/uploads/photo-" + i + ".svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                    + "viewBox=\"0 0 64 64\"><rect width=\"64\" height=\"64\" fill=\"hsl(" + (i * 37 % 360)
                    + ",60%,50%)\"/><text x=\"8\" y=\"40\" font-size=\"24\">" + i + "</text></svg>\n");
        }
        Random random = new Random(42);
        for (int kib : new int[] {1, 16, 256}) {
            byte[] bytes = new byte[kib * 1024];
            random.nextBytes(bytes);
            Files.write(dir.resolve("static/" + kib + "k.bin"), bytes);
        }
        return dir;
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
