package io.lacquer.front.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lacquer.front.config.HashType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Each {@code hash-type} function and the avalanche modifier against known values. Besides the
 * published check values (CRC-32 of "123456789" is CBF43926), the expected values are what
 * HAProxy 2.6.12's converters of the same names answer for the same strings
 * ({@code %[req.fhdr(x-k),wt6]}, {@code wt6(1)} with the avalanche mix, and so on).
 */
class HashFunctionTest {
    private static final String[] KEYS = {"a", "abc", "123456789", "/wp-content/uploads/2026/11/image-42.jpg",
        "The quick brown fox jumps over the lazy dog", "/static/img/logo.png?v=3"};

    private static void check(HashFunction f, long[] plain, long[] mixed) {
        for (int i = 0; i < KEYS.length; i++) {
            byte[] key = KEYS[i].getBytes(StandardCharsets.UTF_8);
            assertEquals(plain[i], Integer.toUnsignedLong(f.hash(key)), f + " of '" + KEYS[i] + "'");
            assertEquals(mixed[i], Integer.toUnsignedLong(new HashType(false, f, true).hash(key)),
                    f + " avalanche of '" + KEYS[i] + "'");
        }
    }

    @Test
    void sdbm() {
        // by hand: 'a' is 97; "ab" is 98 + 97 * 65599
        assertEquals(98 + 97 * 65599, HashFunction.SDBM.hash("ab".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0, HashFunction.SDBM.hash(new byte[0]));
        check(HashFunction.SDBM, new long[] {97L, 807794786L, 1755344949L, 650462429L, 2359783795L, 2834690801L},
                new long[] {1830748055L, 659243622L, 3400502718L, 2456193721L, 4144961173L, 4180051771L});
    }

    @Test
    void djb2() {
        // by hand: 5381 * 33 + 'a'
        assertEquals(5381 * 33 + 97, HashFunction.DJB2.hash("a".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(5381, HashFunction.DJB2.hash(new byte[0]));
        check(HashFunction.DJB2, new long[] {177670L, 193485963L, 902675330L, 2388178760L, 885799134L, 3187899392L},
                new long[] {3548763807L, 2235766107L, 2717138294L, 1304555554L, 3419350371L, 2004924088L});
    }

    @Test
    void wt6() {
        // no input: the two starting words XOR-ed
        assertEquals(0xa53c965a ^ 0x5ca6953a, HashFunction.WT6.hash(new byte[0]));
        check(HashFunction.WT6, new long[] {1900802597L, 2483038440L, 2225171485L, 1082814286L, 3840389189L, 1659024498L},
                new long[] {1986649387L, 266135527L, 4053691039L, 992642133L, 2386649459L, 1218850136L});
    }

    @Test
    void crc32() {
        assertEquals(0xCBF43926, HashFunction.CRC32.hash("123456789".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0x414FA339, HashFunction.CRC32.hash(
                "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(0, HashFunction.CRC32.hash(new byte[0]));
        check(HashFunction.CRC32, new long[] {3904355907L, 891568578L, 3421780262L, 3971610563L, 1095738169L, 431429684L},
                new long[] {1288200982L, 930845320L, 1130417534L, 1741011064L, 1090730130L, 3870733692L});
    }

    @Test
    void noneReadsTheKeyAsADecimalNumber() {
        assertEquals(12345, none("12345"));
        assertEquals(42, none("+42abc"), "digits up to the first non-digit");
        assertEquals(-7, none("-7"));
        assertEquals(0, none("abc"));
        assertEquals(0, none(""));
        // the low 32 bits of a larger number: 2^32 + 5
        assertEquals(5, none("4294967301"));
        // past 2^63 - 1 the value saturates, whose low 32 bits are all ones
        assertEquals(-1, none("99999999999999999999999"));
        assertEquals(0, none("-99999999999999999999999"), "saturates at -2^63, whose low 32 bits are 0");
    }

    private static int none(String key) {
        return HashFunction.NONE.hash(key.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void avalancheMixesAsHaproxysFullHash() {
        // HAProxy's sdbm(1) and djb2(1) of "a": the plain hashes 97 and 177670, mixed
        assertEquals(1830748055L, Integer.toUnsignedLong(HashFunction.avalanche(97)));
        assertEquals(3548763807L, Integer.toUnsignedLong(HashFunction.avalanche(177670)));
    }

    @Test
    void sourceHashXorsTheAddressWords() {
        HashType plain = new HashType(false, HashFunction.SDBM, false);
        assertEquals(0x7f000001, plain.addressHash(new byte[] {127, 0, 0, 1}));
        byte[] v6 = new byte[16];
        v6[3] = 1;
        v6[15] = 3;
        assertEquals(1 ^ 3, plain.addressHash(v6));
        assertEquals(HashFunction.avalanche(0x7f000001),
                new HashType(false, HashFunction.SDBM, true).addressHash(new byte[] {127, 0, 0, 1}));
    }
}
