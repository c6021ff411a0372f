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
            assertEquals(List.of("available auto warm      0 boot", "active auto warm      0 next"),
                    r.list().stream().map(l -> String.join(" ", l.cells())).toList());
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
            assertTrue(r.list().stream().anyMatch(l -> String.join(" ", l.cells()).equals("active label warm      0 current -> a")));
        }
    }

    @Test
    void labelsPointAtPoliciesOnly() throws Exception {
        try (VclRegistry r = registry()) {
            r.load("a", "a.groovy", policy("a"));
            r.load("b", "b.groovy", policy("b"));
            r.label("lbl", "a");
            assertEquals("VCL labels cannot point to labels",
                    assertThrows(IllegalStateException.class, () -> r.label("other", "lbl")).getMessage());
            assertEquals("b is not a label", assertThrows(IllegalArgumentException.class, () -> r.label("b", "a")).getMessage());
            assertEquals("No VCL named c known", assertThrows(IllegalArgumentException.class, () -> r.label("x", "c")).getMessage());
            assertEquals("Labels are always warm",
                    assertThrows(IllegalArgumentException.class, () -> r.state("lbl", VclState.COLD)).getMessage());
            assertEquals("A labeled VCL cannot be set cold",
                    assertThrows(IllegalStateException.class, () -> r.state("a", VclState.COLD)).getMessage());
            r.state("b", VclState.COLD);
            assertEquals("VCL 'b' is cold - set to auto or warm first",
                    assertThrows(IllegalStateException.class, () -> r.label("lbl", "b")).getMessage());
        }
    }

    @Test
    void aPolicyReturningVclHoldsItsLabel() throws Exception {
        try (VclRegistry r = registry()) {
            r.load("b", "b.groovy", policy("b"));
            String front = policy("front") + "vcl_recv { if (req.http.host == 'b.example') { return vcl('lbl') } }\n";
            VclCompileException missing = assertThrows(VclCompileException.class, () -> r.load("front", "front.groovy", front));
            assertEquals("Symbol not found: 'lbl'", missing.first().message(), "varnishd's words when no label has the name");
            r.label("lbl", "b");
            assertTrue(r.load("front", "front.groovy", front).returnsVcl());
            assertEquals(List.of("available auto warm      0 b <- (1 label)", "available label warm      0 lbl -> b (1 return(vcl))",
                    "available auto warm      0 front"), r.list().stream().map(l -> String.join(" ", l.cells())).toList());
            assertEquals("Cannot discard VCL label lbl, other VCLs depend on it:\n\tfront",
                    assertThrows(IllegalStateException.class, () -> r.discard("lbl")).getMessage());
            assertEquals("Cannot discard labeled VCL program b:\n\tlbl",
                    assertThrows(IllegalStateException.class, () -> r.discard("b")).getMessage());
            r.discard(List.of("b", "lbl", "front"));
            assertTrue(r.list().isEmpty());
        }
    }

    @Test
    void aLabelCannotCloseALoop() throws Exception {
        try (VclRegistry r = registry()) {
            r.load("b", "b.groovy", policy("b"));
            r.label("lbl", "b");
            r.load("front", "front.groovy", policy("front") + "vcl_recv { return vcl('lbl') }\n");
            r.label("lbl2", "front");
            r.load("c", "c.groovy", policy("c") + "vcl_recv { return vcl('lbl2') }\n");
            assertEquals("Vcl front uses Label lbl\nPointing label lbl at front would create a loop",
                    assertThrows(IllegalArgumentException.class, () -> r.label("lbl", "front")).getMessage());
            assertEquals("Vcl front uses Label lbl\nLabel lbl2 points to vcl front\nVcl c uses Label lbl2\n"
                            + "Pointing label lbl at c would create a loop",
                    assertThrows(IllegalArgumentException.class, () -> r.label("lbl", "c")).getMessage());
            r.label("lbl", "b");
            r.load("d", "d.groovy", policy("d") + "vcl_recv { return vcl('lbl') }\n");
            assertEquals("available label warm      0 lbl -> b (2 return(vcl)'s)", String.join(" ", r.list().get(1).cells()));
        }
    }

    @Test
    void anActiveLabelMovesNewRequestsWithIt() throws Exception {
        try (VclRegistry r = registry()) {
            GroovyVclProgram a = r.load("a", "a.groovy", policy("a"));
            GroovyVclProgram b = r.load("b", "b.groovy", policy("b"));
            r.label("current", "a");
            r.use("current");
            assertSame(a, engine.get());
            assertEquals("current", r.activeName());
            r.label("current", "b");
            assertSame(b, engine.get(), "relabelling the active label switches the engine");
            assertEquals("Cannot discard active VCL program current",
                    assertThrows(IllegalStateException.class, () -> r.discard("current")).getMessage());
            r.discard("a");
            assertNull(r.get("a"));
        }
    }

    @Test
    void aDiscardedPolicyIsReleasedOnceNothingHoldsIt() throws Exception {
        try (VclRegistry r = registry()) {
            GroovyVclProgram a = r.load("a", "a.groovy", policy("a"));
            r.load("b", "b.groovy", policy("b"));
            r.use("a");
            a.busy().acquire();
            r.use("b");
            r.discard("a");
            assertNull(r.get("a"), "gone by name at once");
            assertEquals("discarded cold busy      1 a", String.join(" ", r.list().get(0).cells()));
            r.load("a", "a.groovy", policy("again"));
            assertEquals(List.of("discarded a", "active b", "available a"),
                    r.list().stream().map(l -> l.status() + " " + l.name()).toList(), "the name is free again, as in varnishd");
            a.busy().release();
            assertEquals(List.of("b", "a"), r.list().stream().map(VclListing::name).toList());
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
