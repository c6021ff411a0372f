package io.lacquer.front.config;

import io.lacquer.front.balance.HashFunction;

/**
 * A backend's {@code hash-type}: how hash keys map to servers, the hash function and whether its
 * result is mixed further.
 *
 * @param consistent true for {@code consistent}, false for {@code map-based}
 * @param function the hash function
 * @param avalanche whether the hash is passed through the avalanche mix ({@code avalanche})
 */
public record HashType(boolean consistent, HashFunction function, boolean avalanche) {
    /** HAProxy's default: map-based with sdbm. */
    public static final HashType DEFAULT = new HashType(false, HashFunction.SDBM, false);

    /** The 32-bit hash of a request key: the function, then the avalanche mix if asked. */
    public int hash(byte[] key) {
        int h = function.hash(key);
        return avalanche ? HashFunction.avalanche(h) : h;
    }

    /**
     * The hash of a client address for {@code balance source}: its 32-bit words XOR-ed, then the
     * avalanche mix if asked. HAProxy applies no hash function to addresses, so neither do we.
     */
    public int addressHash(byte[] address) {
        int h = 0;
        for (int i = 0; i + 4 <= address.length; i += 4) {
            h ^= (address[i] & 0xff) << 24 | (address[i + 1] & 0xff) << 16 | (address[i + 2] & 0xff) << 8
                    | (address[i + 3] & 0xff);
        }
        return avalanche ? HashFunction.avalanche(h) : h;
    }
}
