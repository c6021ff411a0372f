package io.lacquer.admin.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CliCodecTest {
    @Test
    void framesAsVarnishd() {
        assertEquals("200 19      \nPONG 1795238618 1.0\n",
                new String(CliCodec.frame(CliResponse.ok("PONG 1795238618 1.0")), StandardCharsets.US_ASCII));
        assertEquals("500 0       \n\n", new String(CliCodec.frame(CliResponse.of(CliStatus.CLOSE, "")), StandardCharsets.US_ASCII));
        byte[] big = CliCodec.frame(CliResponse.ok("x".repeat(CliCodec.CLI_LIMIT + 10)));
        assertEquals("201 49152   \n", new String(big, 0, 13, StandardCharsets.US_ASCII), "cut at cli_limit: 201");
    }

    @Test
    void tokenizesLikeAShell() throws Exception {
        assertEquals(List.of("ban", "req.url", "~", "^/a b"), CliCodec.tokenize("ban req.url ~ \"^/a b\""));
        assertEquals(List.of("a\nb", "q\"", "\\", "A", "B"), CliCodec.tokenize("\"a\\nb\" \"q\\\"\" \"\\\\\" \"\\101\" \"\\x42\""));
        assertEquals(List.of("param.set", "x", "1"), CliCodec.tokenize("  param.set\tx  1 "));
        assertThrows(CliSyntaxException.class, () -> CliCodec.tokenize("vcl.inline x \"unterminated"));
        assertThrows(CliSyntaxException.class, () -> CliCodec.tokenize("a\"b"));
    }

    @Test
    void answersTheDocumentedChallenge() {
        // varnish-cli(7)'s example: challenge ixslvvxrgkjptxmcgnnsdxsvdmvfympg, secret file "foo\n"
        assertEquals("455ce847f0073c7ab3b1465f74507b75d3dc064c1e7de3b71e00de9092fdc89a",
                Challenge.answer("ixslvvxrgkjptxmcgnnsdxsvdmvfympg", "foo\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void alignsColumnsAsVcliVte() {
        String table = new VteTable().row("Backend name", "Admin", "Probe", "Health", "Last change")
                .row("boot.web1", "probe", "5/5", "healthy", "Sat, 21 Nov 2026 05:23:16 GMT").render();
        assertEquals("Backend name   Admin    Probe    Health     Last change\n"
                + "boot.web1      probe    5/5      healthy    Sat, 21 Nov 2026 05:23:16 GMT\n", table);
    }
}
