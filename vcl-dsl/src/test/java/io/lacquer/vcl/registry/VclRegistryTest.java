package io.lacquer.vcl.registry;

import io.lacquer.core.vcl.VclProgram;
import io.lacquer.vcl.VclCompileException;
import io.lacquer.vcl.VclCompiler;
import io.lacquer.vcl.VclEnvironment;
import io.lacquer.vcl.runtime.GroovyVclProgram;
import org.junit.jupiter.api.Test;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VclRegistryTest {
    private static final VclCompiler COMPILER = new VclCompiler(VclEnvironment.standalone());
    private static final String POLICY = """
            probe 'health', url: '/health', interval: 1.h
            backend 'web1', host: '127.0.0.1', port: 9, probe: 'health'
            vcl_deliver { resp.http['X-Policy'] = '%s' }
            """;

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final AtomicReference<VclProgram> engine = new AtomicReference<>();

    private VclRegistry registry() {
        VclRegistry r = new VclRegistry(COMPILER, 600_000, clock::get);
        r.engine(engine::set);
        return r;
    }

    private static String policy(String tag) {
        return POLICY.formatted(tag);
    }

    @Test
    void loadUseAndSwapAtomically() throws Exception {
        try (VclRegistry r = registry()) {
            GroovyVclProgram boot = r.load("boot", "boot.groovy", policy("boot"));
            assertNull(engine.get(), "loading does not activate");
            r.use("boot");
            assertSame(boot, engine.get());
            GroovyVclProgram next = r.load("next", "next.groovy", policy("next"));
            r.use("next");
            assertSame(next, engine.get());
            assertSame(next, r.active());
            assertEquals(List.of("available   auto    warm        0    boot", "active      auto    warm        0    next"),
                    r.list().stream().map(VclListing::render).toList());
        }
    }

    @Test
    void aBrokenPolicyIsRefusedAndTheActiveOneStays() throws Exception {
        try (VclRegistry r = registry()) {
            GroovyVclProgram boot = r.load("boot", "boot.groovy", policy("boot"));
            r.use("boot");
            VclCompileException e = assertThrows(VclCompileException.class,
                    () -> r.load("bad", "bad.groovy", "vcl_recv { return deliver }"));
            assertEquals(1, e.first().line());
            assertSame(boot, engine.get());
            assertNull(r.get("bad"));
        }
    }

    @Test
    void discardRefusesTheActiveAndLabelledOnes() throws Exception {
        try (VclRegistry r = registry()) {
            r.load("a", "a.groovy", policy("a"));
            r.load("b", "b.groovy", policy("b"));
            r.use("a");
            assertThrows(IllegalStateException.class, () -> r.discard("a"));
            r.label("stable", "b");
            assertThrows(IllegalStateException.class, () -> r.discard("b"));
            r.discard("stable");
            r.discard("b");
            assertNull(r.get("b"));
            assertThrows(IllegalArgumentException.class, () -> r.discard("b"));
            assertThrows(IllegalStateException.class, () -> r.load("a", "a.groovy", policy("again")));
        }
    }

    @Test
    void labelsShowAndUse() throws Exception {
        try (VclRegistry r = registry()) {
            GroovyVclProgram a = r.load("a", "a.groovy", policy("a"));
            r.label("current", "a");
            r.use("current");
            assertSame(a, engine.get());
            assertTrue(r.show("current").contains("X-Policy"));
            assertTrue(r.list().stream().anyMatch(l -> l.render().endsWith("current -> a")));
        }
    }

    @Test
    void autoPoliciesCoolAfterTheCooldownAndColdOnesCannotBeUsed() throws Exception {
        try (VclRegistry r = registry()) {
            GroovyVclProgram a = r.load("a", "a.groovy", policy("a"));
            r.load("b", "b.groovy", policy("b"));
            r.use("a");
            r.use("b");
            clock.addAndGet(599_000);
            assertTrue(warm(r, "a"));
            clock.addAndGet(2_000);
            assertFalse(warm(r, "a"), "auto and unused for the cooldown: cold");
            assertTrue(warm(r, "b"), "the active policy stays warm");
            r.use("a");
            assertTrue(warm(r, "a"), "using it warms it again");
            assertSame(a, engine.get());
            r.state("b", VclState.COLD);
            assertFalse(warm(r, "b"));
            assertThrows(IllegalStateException.class, () -> r.use("b"));
            assertThrows(IllegalStateException.class, () -> r.state("a", VclState.COLD));
            r.state("b", VclState.WARM);
            clock.addAndGet(10_000_000);
            assertTrue(warm(r, "b"), "warm is pinned");
        }
    }

    private static boolean warm(VclRegistry r, String name) {
        return r.list().stream().filter(l -> l.name().equals(name)).findFirst().orElseThrow().warm();
    }

    /**
     * Loading 200 versions, each discarded after the next is in use, releases their classes:
     * metaspace after them stays within a few MiB of what it was after the first 20.
     */
    @Test
    void discardedPoliciesReleaseTheirClasses() throws Exception {
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        try (VclRegistry r = registry()) {
            cycle(r, 0, 20);
            long metaspaceBefore = metaspaceAfterGc();
            long loadedBefore = classes.getLoadedClassCount();
            long unloadedBefore = classes.getUnloadedClassCount();
            cycle(r, 20, 220);
            long metaspaceAfter = metaspaceAfterGc();
            long loadedAfter = classes.getLoadedClassCount();
            long unloaded = classes.getUnloadedClassCount() - unloadedBefore;
            String report = "metaspace " + metaspaceBefore / 1024 + " KiB -> " + metaspaceAfter / 1024 + " KiB, loaded "
                    + loadedBefore + " -> " + loadedAfter + ", unloaded " + unloaded;
            System.out.println("200 policy versions: " + report);
            assertTrue(unloaded >= 200, report);
            assertTrue(loadedAfter - loadedBefore < 300, report);
            assertTrue(metaspaceAfter - metaspaceBefore < 8L * 1024 * 1024, report);
        }
    }

    private static void cycle(VclRegistry r, int from, int to) throws Exception {
        String previous = null;
        for (int i = from; i < to; i++) {
            String name = "v" + i;
            r.load(name, name + ".groovy", policy(name) + "vcl_recv { if (req.url =~ /^\\/v" + i + "/) { return pass } }\n");
            r.use(name);
            if (previous != null) {
                r.discard(previous);
            }
            previous = name;
        }
    }

    private static long metaspaceAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getName().equals("Metaspace")) {
                used = pool.getUsage().getUsed();
            }
        }
        return used;
    }
}
