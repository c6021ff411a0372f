package io.lacquer.vcl.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.vcl.VclCompileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code return vcl(label)} in the policy tester: the switch, its rollback and its limits, as on a node. */
class PolicyTesterLabelsTest {
    /** Sends shop.example to the label {@code shop}; marks what it answers itself. */
    private static final String FRONT = """
            backend 'web', host: '127.0.0.1', port: 9001
            vcl_recv {
                req.http['X-Seen'] = 'front'
                if (req.http.host == 'shop.example') { return vcl('shop') }
            }
            vcl_deliver { resp.http['X-Policy'] = 'front' }
            """;
    private static final String SHOP = """
            backend 'shop1', host: '127.0.0.1', port: 9002
            vcl_deliver {
                resp.http['X-Policy'] = 'shop'
                resp.http['X-Seen'] = req.http['X-Seen'] ?: 'nothing'
            }
            """;

    private static TestRequest at(String host, String path) {
        return TestRequest.get(path).without("Host").header("Host", host);
    }

    @Test
    void returnVclGoesOnInTheLabelledPolicyWithTheRequestAsItArrived() throws Exception {
        try (PolicyTester t = PolicyTester.of(FRONT, Map.of("shop", SHOP))) {
            Outcome o = t.run(at("shop.example", "/cart"));
            assertEquals(List.of("vcl_recv -> vcl", "VCL_use shop via shop", "vcl_recv -> hash"),
                    o.steps().subList(0, 3), o.steps().toString());
            assertEquals("shop1", o.backend());
            assertEquals("shop", o.header("X-Policy"));
            assertEquals("nothing", o.header("X-Seen"), "the front's change is rolled back");

            Outcome other = t.run(at("www.example", "/"));
            assertEquals("web", other.backend());
            assertEquals("front", other.header("X-Policy"));
        }
    }

    @Test
    void returnVclAfterARestartIsAPlain503() throws Exception {
        String restarting = """
                backend 'web', host: '127.0.0.1', port: 9001
                vcl_recv {
                    if (req.restarts == 0) { return restart }
                    return vcl('shop')
                }
                """;
        try (PolicyTester t = PolicyTester.of(restarting, Map.of("shop", SHOP))) {
            Outcome o = t.run(TestRequest.get("/"));
            assertEquals(503, o.status());
            assertEquals("Service Unavailable", o.reason());
            assertTrue(o.steps().stream().noneMatch(s -> s.startsWith("VCL_use")), o.steps().toString());
        }
    }

    @Test
    void backendsOfTheLabelledPolicyCanBeMarkedSick() throws Exception {
        try (PolicyTester t = PolicyTester.of(FRONT, Map.of("shop", SHOP))) {
            t.sick("shop1");
            Outcome o = t.run(at("shop.example", "/"));
            assertNull(o.backend(), "no healthy backend");
            assertEquals(503, o.status());
            assertThrows(IllegalArgumentException.class, () -> t.sick("nosuch"));
        }
    }

    @Test
    void labelsAreCheckedWhenThePolicyLoads() {
        VclCompileException missing = assertThrows(VclCompileException.class, () -> PolicyTester.of(FRONT));
        assertTrue(missing.getMessage().contains("Symbol not found: 'shop'"), missing.getMessage());
        // a policy that returns vcl cannot be labelled itself, as in varnishd
        VclCompileException chained = assertThrows(VclCompileException.class,
                () -> PolicyTester.of(FRONT, Map.of("shop", FRONT)));
        assertTrue(chained.getMessage().contains("Symbol not found: 'shop'"), chained.getMessage());
    }

    @Test
    void labelledPoliciesLoadFromFiles(@TempDir Path dir) throws Exception {
        Path front = Files.writeString(dir.resolve("front.vcl.groovy"), FRONT);
        Path shop = Files.writeString(dir.resolve("shop.vcl.groovy"), SHOP);
        try (PolicyTester t = PolicyTester.load(front, Map.of("shop", shop))) {
            assertEquals("shop", t.run(at("shop.example", "/")).header("X-Policy"));
        }
    }
}
