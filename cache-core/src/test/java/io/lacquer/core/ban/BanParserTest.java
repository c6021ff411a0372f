package io.lacquer.core.ban;

import io.lacquer.core.http.HeaderList;
import io.lacquer.storage.Body;
import io.lacquer.storage.StoredObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Ban expressions, with varnishd's messages for bad ones (reference §1.8). */
class BanParserTest {
    private static final long NOW = 1_800_000_000_000L;

    private static Ban ban(String text) throws BanException {
        return BanParser.parse(List.of(text.split(" ")), NOW + 1);
    }

    private static StoredObject object(int status, String... headers) {
        List<StoredObject.Header> h = new java.util.ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.add(new StoredObject.Header(headers[i], headers[i + 1]));
        }
        return new StoredObject(1, status, "OK", h, null, Body.EMPTY, NOW - 30_000, 3_600_000, 10_000, 0,
                StoredObject.Kind.OBJECT, NOW);
    }

    @Test
    void aPolicysBanStringSplitsIntoWordsWithQuotesKeepingOneTogether() throws Exception {
        assertEquals(List.of("obj.http.x-host", "==", "a b.com", "&&", "req.url", "~", "^/x"),
                BanParser.words("  obj.http.x-host == \"a b.com\"\t&&  req.url ~ ^/x "));
        assertEquals("No ban conditions found.", assertThrows(BanException.class, () -> BanParser.words(" ")).getMessage());
        assertEquals("Missing '\"'", assertThrows(BanException.class, () -> BanParser.words("req.url == \"x")).getMessage());
    }

    @Test
    void varnishdsErrorMessages() {
        assertEquals("Unknown or unsupported field \"foo.bar\"",
                assertThrows(BanException.class, () -> ban("foo.bar == x")).getMessage());
        assertEquals("expected conditional (==, !=, ~ or !~) got \">\"",
                assertThrows(BanException.class, () -> ban("obj.status > 200")).getMessage());
        assertEquals("expected duration <n.nn>[ms|s|m|h|d|w|y] got \"abc\"",
                assertThrows(BanException.class, () -> ban("obj.ttl > abc")).getMessage());
        assertTrue(assertThrows(BanException.class, () -> ban("req.url ~ ^/(news")).getMessage().startsWith("Regex compile error: "));
        assertEquals("Wrong number of arguments", assertThrows(BanException.class, () -> ban("req.url == /a b")).getMessage());
        assertThrows(BanException.class, () -> ban("req.url == /a || req.url == /b"));
    }

    @Test
    void conditionsOnRequestAndObject() throws Exception {
        StoredObject o = object(200, "Content-Type", "text/html", "X-Tag", "news sport");
        HeaderList req = new HeaderList();
        req.add("Host", "example.test");
        assertTrue(ban("req.url ~ ^/news").matches(o, "/news/1", req, NOW));
        assertFalse(ban("req.url ~ ^/news").matches(o, "/sport", req, NOW));
        assertTrue(ban("req.http.host == example.test && obj.http.content-type ~ text").matches(o, "/", req, NOW));
        assertFalse(ban("req.http.host == example.test && obj.status != 200").matches(o, "/", req, NOW));
        assertTrue(ban("obj.http.x-tag ~ \\bsport\\b").matches(o, "/", req, NOW));
        assertTrue(ban("obj.ttl > 1h").matches(object(200), "/", req, NOW) == false, "ttl left is under an hour");
        assertTrue(ban("obj.age >= 30s").matches(o, "/", req, NOW));
        assertTrue(ban("obj.age < 1m").matches(o, "/", req, NOW));
    }

    @Test
    void anUnsetHeaderIsNeverEqualNorMatching() throws Exception {
        StoredObject o = object(200);
        assertFalse(ban("obj.http.x-missing == a").matches(o, "/", new HeaderList(), NOW));
        assertFalse(ban("obj.http.x-missing ~ .").matches(o, "/", new HeaderList(), NOW));
        assertTrue(ban("obj.http.x-missing != a").matches(o, "/", new HeaderList(), NOW));
        assertTrue(ban("req.http.cookie !~ .").matches(o, "/", new HeaderList(), NOW));
    }

    @Test
    void objectOnlyBansAndDurationsAsListed() throws Exception {
        assertTrue(ban("obj.status == 404").objectOnly());
        assertFalse(ban("req.url == / && obj.status == 404").objectOnly());
        assertEquals("obj.ttl > 1w", ban("obj.ttl > 7d").spec());
        assertEquals("obj.age < 90s", ban("obj.age < 90s").spec());
        assertTrue(ban("obj.status == 200").predates(object(200)), "an object stored before the ban");
    }
}
