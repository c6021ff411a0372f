package io.lacquer.core.vcl;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table of legal returns is Varnish 7.1's (reference §1.1). */
class SubTest {
    @Test
    void recvAllowsExactlyWhatVarnishAllows() {
        assertEquals(EnumSet.of(Action.FAIL, Action.SYNTH, Action.RESTART, Action.PASS, Action.PIPE, Action.HASH,
                Action.PURGE, Action.VCL), Sub.RECV.legal());
    }

    @Test
    void everyDefaultIsLegalInItsSub() {
        for (Sub s : Sub.values()) {
            assertTrue(s.allows(s.defaultAction()), s.vclName());
        }
    }

    @Test
    void someIllegalReturns() {
        assertFalse(Sub.HASH.allows(Action.PASS));
        assertFalse(Sub.DELIVER.allows(Action.PASS));
        assertFalse(Sub.SYNTH.allows(Action.SYNTH));
        assertFalse(Sub.BACKEND_ERROR.allows(Action.ERROR));
        assertTrue(Sub.BACKEND_RESPONSE.allows(Action.PASS));
        assertFalse(Sub.FINI.allows(Action.FAIL));
    }
}
