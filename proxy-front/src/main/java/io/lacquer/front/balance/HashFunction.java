package io.lacquer.front.balance;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The hash functions {@code hash-type} names, each mapping a key's bytes to 32 bits exactly as
 * HAProxy 2.6 does, so a key lands on the same server behind either program.
 */
public enum HashFunction {
    /*
     * Implementation notes. Every function works on unsigned 32-bit words, which Java's int
     * arithmetic reproduces bit for bit (overflow wraps, >>> is the unsigned shift, and a shift
     * count of 32 acts as 0 on both sides, which matters for wt6's rotations). References:
     * sdbm and djb2 from Ozan Yigit's "Hash functions" page (www.cse.yorku.ca/~oz/hash.html);
     * wt6 from Willy Tarreau's note on the HAProxy list, "Consistent hashing alternative to sdbm"
     * (2013); CRC-32 is the reflected IEEE 802.3 polynomial computed bit by bit; the avalanche
     * modifier is one of Bob Jenkins' 32-bit integer mixes (burtleburtle.net/bob/hash/integer.html)
     * followed by a multiplication by 3221225473, as HAProxy's full_hash(). `none` reads the key
     * as a decimal number, as HAProxy's read_int64() does.
     */

    /** sdbm: {@code h = c + (h << 6) + (h << 16) - h}; HAProxy's default. */
    SDBM("sdbm") {
        @Override
        public int hash(byte[] key) {
            int h = 0;
            for (byte b : key) {
                h = (b & 0xff) + (h << 6) + (h << 16) - h;
            }
            return h;
        }
    },
    /** djb2: {@code h = h * 33 + c} from 5381. */
    DJB2("djb2") {
        @Override
        public int hash(byte[] key) {
            int h = 5381;
            for (byte b : key) {
                h = (h << 5) + h + (b & 0xff);
            }
            return h;
        }
    },
    /** wt6: two 32-bit words rotated by steps that depend on the data. */
    WT6("wt6") {
        @Override
        public int hash(byte[] key) {
            int h0 = 0xa53c965a;
            int h1 = 0x5ca6953a;
            int step0 = 6;
            int step1 = 18;
            for (byte b : key) {
                int c = b & 0xff;
                h0 = ~(h0 ^ c);
                h1 = ~(h1 + c);
                int t = Integer.rotateLeft(h1, step0);
                h1 = Integer.rotateLeft(h0, step1);
                h0 = t;
                t = ((h0 >>> 16) ^ h1) & 0xffff;
                step0 = t & 0x1f;
                step1 = t >>> 11;
            }
            return h0 ^ h1;
        }
    },
    /** CRC-32 (IEEE 802.3, as zlib and Ethernet compute it). */
    CRC32("crc32") {
        @Override
        public int hash(byte[] key) {
            int crc = ~0;
            for (byte b : key) {
                crc ^= b & 0xff;
                for (int bit = 0; bit < 8; bit++) {
                    crc = (crc >>> 1) ^ ((crc & 1) != 0 ? 0xedb88320 : 0);
                }
            }
            return ~crc;
        }
    },
    /** No hashing: the key is a decimal integer (optional sign), of which the low 32 bits are used. */
    NONE("none") {
        @Override
        public int hash(byte[] key) {
            int i = 0;
            boolean negative = false;
            if (key.length > 0 && (key[0] == '-' || key[0] == '+')) {
                negative = key[0] == '-';
                i = 1;
            }
            // unsigned 64-bit value of the digits, saturating on overflow
            long v = 0;
            for (; i < key.length; i++) {
                int d = key[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                if (Long.compareUnsigned(v, Long.divideUnsigned(-1L, 10)) > 0
                        || Long.compareUnsigned(v * 10, -1L - d) > 0) {
                    v = -1L;
                    break;
                }
                v = v * 10 + d;
            }
            long n;
            if (negative) {
                n = Long.compareUnsigned(v, Long.MIN_VALUE) > 0 ? Long.MIN_VALUE : -v;
            } else {
                n = Long.compareUnsigned(v, Long.MAX_VALUE) > 0 ? Long.MAX_VALUE : v;
            }
            return (int) n;
        }
    };

    private final String keyword;

    HashFunction(String keyword) {
        this.keyword = keyword;
    }

    /** Hashes a key's bytes to 32 bits (to be read as unsigned). */
    public abstract int hash(byte[] key);

    /** The keyword after {@code hash-type <method>}. */
    public String keyword() {
        return keyword;
    }

    /** The function with this keyword, or null. */
    public static @Nullable HashFunction of(String keyword) {
        for (HashFunction f : values()) {
            if (f.keyword.equals(keyword)) {
                return f;
            }
        }
        return null;
    }

    /** Every keyword, comma-separated, for error messages. */
    public static String keywords() {
        return Arrays.stream(values()).map(HashFunction::keyword).collect(Collectors.joining(", "));
    }

    /**
     * The {@code avalanche} modifier: mixes a 32-bit value so that every input bit flips about
     * half of the output bits; also places the points of {@code hash-type consistent}.
     */
    public static int avalanche(int a) {
        a = (a + 0x7ed55d16) + (a << 12);
        a = (a ^ 0xc761c23c) ^ (a >>> 19);
        a = (a + 0x165667b1) + (a << 5);
        a = (a + 0xd3a2646c) ^ (a << 9);
        a = (a + 0xfd7046c5) + (a << 3);
        a = (a ^ 0xb55a4f09) ^ (a >>> 16);
        return a * 0xc0000001;
    }
}
