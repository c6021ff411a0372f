package io.lacquer.core.hash;

import io.lacquer.core.http.HeaderList;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VaryMatcherTest {
    private static HeaderList req(String... nameValues) {
        HeaderList h = new HeaderList();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    @Test
    void selectsAndMatchesOnNormalisedValues() {
        List<String> names = VaryMatcher.names("Accept-Encoding, Accept-Language");
        List<String> variant = VaryMatcher.select(names, req("accept-encoding", "gzip,br", "Accept-Language", "en"));
        assertTrue(VaryMatcher.matches("Accept-Encoding, Accept-Language", variant,
                req("Accept-Encoding", "gzip, br", "Accept-Language", "en")));
        assertFalse(VaryMatcher.matches("Accept-Encoding, Accept-Language", variant,
                req("Accept-Encoding", "gzip", "Accept-Language", "en")));
    }

    @Test
    void absentHeaderIsItsOwnValueAndStarNeverMatches() {
        List<String> variant = VaryMatcher.select(List.of("cookie"), req());
        assertTrue(VaryMatcher.matches("Cookie", variant, req()));
        assertFalse(VaryMatcher.matches("Cookie", variant, req("Cookie", "")));
        assertFalse(VaryMatcher.matches("*", List.of(), req()));
        assertTrue(VaryMatcher.matches(null, null, req("X", "y")), "no Vary: any request matches");
        assertNull(VaryMatcher.names(" "));
        assertEquals(List.of("a", "b"), VaryMatcher.names("A,, B"));
    }

    @Test
    void hashInputsAreSeparated() {
        HashInput a = new HashInput();
        a.add("ab");
        a.add("c");
        var ka = a.finish();
        HashInput b = new HashInput();
        b.add("a");
        b.add("bc");
        var kb = b.finish();
        assertFalse(ka.equals(kb));
        HashInput c = new HashInput();
        c.add("ab");
        c.add("c");
        assertEquals(ka, c.finish());
        HashInput utf = new HashInput();
        utf.add("/caf\u00e9");
        assertFalse(utf.finish().equals(ka));
    }
}
