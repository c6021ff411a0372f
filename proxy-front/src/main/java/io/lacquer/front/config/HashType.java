package io.lacquer.front.config;

/**
 * A backend's {@code hash-type}: how hash keys map to servers, the hash function and whether its
 * result is mixed further.
 *
 * @param consistent true for {@code consistent}, false for {@code map-based}
 * @param function the hash function
 * @param avalanche whether the hash is passed through an avalanche mix
 */
public record HashType(boolean consistent, HashFunction function, boolean avalanche) {
    /** HAProxy's default: map-based with sdbm. */
    public static final HashType DEFAULT = new HashType(false, HashFunction.SDBM, false);

    /** The hash functions HAProxy offers that we implement. */
    public enum HashFunction {
        /** The sdbm string hash (HAProxy's default). */
        SDBM,
        /** Bernstein's djb2. */
        DJB2,
        /** CRC-32 (IEEE). */
        CRC32;

        /** Hashes a string's UTF-8 bytes to 32 bits. */
        public int hash(byte[] data) {
            switch (this) {
                case DJB2: {
                    int h = 5381;
                    for (byte b : data) {
                        h = (h << 5) + h + (b & 0xff);
                    }
                    return h;
                }
                case CRC32: {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(data);
                    return (int) crc.getValue();
                }
                default: {
                    int h = 0;
                    for (byte b : data) {
                        h = (b & 0xff) + (h << 6) + (h << 16) - h;
                    }
                    return h;
                }
            }
        }
    }
}
