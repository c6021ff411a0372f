package io.lacquer.it.storage;

import io.lacquer.storage.ObjectStore;
import io.lacquer.storage.StorageSpec;
import io.lacquer.storage.StoreEvents;
import io.lacquer.storage.StoredObject;
import io.lacquer.storage.Variants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} of a process writing into an off-heap store from three threads, three times over
 * one file: each time the store reopens (with recovery) and every object it serves is intact.
 */
class StoreCrashIT {
    @TempDir
    Path dir;

    @Test
    void everyObjectServedAfterAKillMidWriteIsIntact() throws Exception {
        String spec = "disk=offheap,64m," + dir.resolve("crash.cmap");
        for (int round = 0; round < 3; round++) {
            Process writer = startWriter(spec, round);
            try {
                BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
                List<String> seen = new ArrayList<>();
                for (String line = out.readLine(); line != null && !line.equals("writing"); line = out.readLine()) {
                    seen.add(line);
                }
                assertTrue(writer.isAlive(), "the writer is writing: " + seen);
                Thread.sleep(300);
            } finally {
                writer.destroyForcibly();
                assertTrue(writer.waitFor(20, TimeUnit.SECONDS));
            }
            try (ObjectStore store = StorageSpec.parse(spec).open(StoreEvents.NONE)) {
                int objects = 0;
                for (int k = 0; k < StoreWriter.KEYS; k++) {
                    Variants v = store.get(StoreWriter.key(k));
                    if (v == null) {
                        continue;
                    }
                    for (StoredObject o : v.objects()) {
                        long seed = Long.parseLong(o.header("X-Seed"));
                        assertArrayEquals(StoreWriter.bytes(seed, StoreWriter.size(k, seed)), o.body().toByteArray(),
                                "round " + round + ", key " + k);
                        objects++;
                    }
                }
                assertTrue(objects > 0, "round " + round + ": objects survived");
                assertEquals(objects, store.objectCount(), "round " + round + ": the count matches what is served");
            }
        }
    }

    private static Process startWriter(String spec, int round) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("--enable-native-access")
                    || arg.startsWith("--sun-misc")) {
                command.add(arg);
            }
        }
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(StoreWriter.class.getName());
        command.add(spec);
        command.add(Integer.toString(round));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
