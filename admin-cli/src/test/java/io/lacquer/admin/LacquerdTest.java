package io.lacquer.admin;

import io.lacquer.core.config.Param;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LacquerdTest {
    private static NodeConfig parse(String... args) {
        Lacquerd d = new Lacquerd();
        new CommandLine(d).parseArgs(args);
        return d.config();
    }

    @Test
    void flagsBecomeAConfig() {
        NodeConfig c = parse("-a", "127.0.0.1:8080", "-b", "localhost:9000", "-s", "mem=heap,64m",
                "-p", "default_ttl=30", "-p", "first_byte_timeout=1.5", "-M", ":9131");
        assertEquals("127.0.0.1", c.listen().getHostString());
        assertEquals(8080, c.listen().getPort());
        assertEquals("localhost", c.backend().host());
        assertEquals(9000, c.backend().port());
        assertEquals("mem", c.storage().name());
        assertEquals(64L << 20, c.storage().sizeBytes());
        assertEquals("30", c.params().get(Param.DEFAULT_TTL));
        assertEquals(9131, c.metrics().getPort());
    }

    @Test
    void defaultsAreVarnishds() {
        NodeConfig c = parse("-b", "127.0.0.1:80");
        assertEquals(6081, c.listen().getPort());
        assertEquals("0.0.0.0", c.listen().getHostString());
        assertEquals(256L << 20, c.storage().sizeBytes());
    }

    @Test
    void badValuesNameTheFlag() {
        assertMessage("-p default_ttl=abc: Invalid number (abc)", "-b", "h:1", "-p", "default_ttl=abc");
        assertMessage("-p nosuch=1: unknown parameter \"nosuch\"", "-b", "h:1", "-p", "nosuch=1");
        assertMessage("-p max_restarts=-1: Must be at least 0", "-b", "h:1", "-p", "max_restarts=-1");
        assertMessage("-s: storage \"bogus\": unknown type", "-b", "h:1", "-s", "bogus");
        assertMessage("-a: address \"h:port\": port \"port\" is not a number", "-b", "h:1", "-a", "h:port");
        assertMessage("-b: backend address \"nohost\"", "-b", "nohost");
        assertMessage("one of -b or -f is required");
    }

    @Test
    void addressForms() {
        InetSocketAddress v6 = NodeConfig.address("[::1]:81", 6081);
        assertEquals("::1", v6.getHostString());
        assertEquals(81, v6.getPort());
        assertEquals(6081, NodeConfig.address("localhost", 6081).getPort());
        assertEquals("0.0.0.0", NodeConfig.address(":1", 6081).getHostString());
    }

    private static void assertMessage(String start, String... args) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(args));
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
