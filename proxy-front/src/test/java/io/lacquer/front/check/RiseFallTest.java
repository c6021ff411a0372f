package io.lacquer.front.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lacquer.front.config.HttpCheckConfig;
import io.lacquer.front.server.CheckStatus;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class RiseFallTest {
    @Test
    void fallFailuresTakeItDownAndRiseSuccessesBringItBack() {
        RiseFall rf = new RiseFall(2, 3);
        assertTrue(rf.up());
        assertEquals(4, rf.health());
        assertFalse(rf.record(false));
        assertTrue(rf.changing());
        assertFalse(rf.record(true), "a success resets the streak");
        assertFalse(rf.record(false));
        assertFalse(rf.record(false));
        assertTrue(rf.record(false), "third consecutive failure");
        assertFalse(rf.up());
        assertEquals(0, rf.health());
        assertFalse(rf.record(true));
        assertEquals(1, rf.health());
        assertTrue(rf.record(true));
        assertTrue(rf.up());
    }

    private static HttpProbe probe(HttpCheckConfig.Expect e) {
        return new HttpProbe(new InetSocketAddress("127.0.0.1", 1), new HttpCheckConfig("GET", "/h", "HTTP/1.0",
                List.of(), e, false), 100, 100);
    }

    @Test
    void httpResponsesAreJudgedByExpect() {
        String ok = "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\nall OK\n";
        String err = "HTTP/1.1 503 Service Unavailable\r\n\r\ndown";
        assertEquals(CheckStatus.L7OK, probe(null).judge(ok, 1).status());
        assertEquals(CheckStatus.L7STS, probe(null).judge(err, 1).status());
        assertEquals(503, probe(null).judge(err, 1).code());
        assertEquals(CheckStatus.L7RSP, probe(null).judge("garbage", 1).status());
        var status = new HttpCheckConfig.Expect(HttpCheckConfig.Expect.Kind.STATUS, false, "200,300-399");
        assertEquals(CheckStatus.L7OK, probe(status).judge("HTTP/1.1 302 Found\r\n\r\n", 1).status());
        var string = new HttpCheckConfig.Expect(HttpCheckConfig.Expect.Kind.STRING, false, "all OK");
        assertEquals(CheckStatus.L7OK, probe(string).judge(ok, 1).status());
        assertEquals(CheckStatus.L7STS, probe(string).judge("HTTP/1.1 200 OK\r\n\r\nbroken", 1).status());
        HttpProbe nolb = new HttpProbe(new InetSocketAddress("127.0.0.1", 1),
                HttpCheckConfig.DEFAULT.withDisableOn404(), 100, 100);
        assertEquals(CheckStatus.L7OKC, nolb.judge("HTTP/1.1 404 Not Found\r\n\r\n", 1).status());
        assertTrue(nolb.judge("HTTP/1.1 404 Not Found\r\n\r\n", 1).ok(), "a stopping server is alive");
        var not = new HttpCheckConfig.Expect(HttpCheckConfig.Expect.Kind.RSTATUS, true, "^5");
        assertEquals(CheckStatus.L7STS, probe(not).judge(err, 1).status());
        assertEquals(CheckStatus.L7OK, probe(not).judge(ok, 1).status());
    }
}
