package io.lacquer.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The binary form of the off-heap tier's entries: one <em>head</em> per hash key holding every
 * variant, and <em>extents</em> holding the bodies too large to sit in their head.
 *
 * <pre>
 * head key    digest (32 bytes)
 * extent key  digest (32) | object id (8) | extent index (4)
 * value       magic "LQ" (2) | version (1) | type (1) | crc32c of the rest (4) | payload
 * head        expires (8) | key digest length (1) + bytes | variant count (2) | variant*
 * variant     xid (8) | status (2) | kind (1) | origin, ttl, grace, keep, stored (8 each) | reason
 *             | header count (2) | (name, value)* | vary value count (2, -1 for none) | value*
 *             | body length (8) | body mode (1): 0 inline bytes, 1 extents: object id (8),
 *               extent count (4), crc32c of the whole body (4)
 * string      length (4, -1 for null) | UTF-8 bytes
 * extent      payload: body bytes
 * </pre>
 *
 * <p>Every value carries a CRC32C of its payload, and a body kept in extents carries the CRC32C of
 * the whole body in its head, so a torn write (a crash mid-put) or a flipped bit is detected on
 * read and the object dropped, never served. Numbers are little-endian, as Chronicle reads them,
 * so the sweeper can read a head's expiry in place without decoding it.
 */
final class EntryCodec {
    static final int DIGEST_BYTES = 32;
    static final int EXTENT_KEY_BYTES = DIGEST_BYTES + 8 + 4;
    static final int PREFIX_BYTES = 8;
    /** Offset of a head's expiry, epoch ms, from the start of its value. */
    static final int EXPIRES_OFFSET = PREFIX_BYTES;
    static final byte TYPE_HEAD = 1;
    static final byte TYPE_EXTENT = 2;
    static final byte TYPE_STATE = 3;
    /** The first bytes of a state key, which no head (32 bytes) or extent key (44) has for its length. */
    private static final byte[] STATE_PREFIX = "\0lacquer-state:".getBytes(StandardCharsets.US_ASCII);
    private static final short MAGIC = 0x514C;
    private static final byte VERSION = 2;
    private static final byte INLINE = 0;
    private static final byte EXTENTS = 1;

    private EntryCodec() {
    }

    /** The map key of a head: the digest itself when it is 32 bytes, its SHA-256 otherwise. */
    static byte[] headKey(HashKey key) {
        byte[] d = key.bytes();
        if (d.length == DIGEST_BYTES) {
            return d;
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The map key of extent {@code index} of object {@code id} under {@code headKey}. */
    static byte[] extentKey(byte[] headKey, long id, int index) {
        return ByteBuffer.allocate(EXTENT_KEY_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put(headKey).putLong(id).putInt(index).array();
    }

    /** The object id an extent key names. */
    static long extentObjectId(byte[] extentKey) {
        return ByteBuffer.wrap(extentKey).order(ByteOrder.LITTLE_ENDIAN).getLong(DIGEST_BYTES);
    }

    /** The map key of the state called {@code name}; its length is never that of a head or extent key. */
    static byte[] stateKey(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        int length = STATE_PREFIX.length + n.length;
        byte[] key = new byte[length == DIGEST_BYTES || length == EXTENT_KEY_BYTES ? length + 1 : length];
        System.arraycopy(STATE_PREFIX, 0, key, 0, STATE_PREFIX.length);
        System.arraycopy(n, 0, key, STATE_PREFIX.length, n.length);
        return key;
    }

    /** Whether {@code key} is a state key. */
    static boolean isStateKey(byte[] key) {
        return key.length >= STATE_PREFIX.length
                && java.util.Arrays.equals(key, 0, STATE_PREFIX.length, STATE_PREFIX, 0, STATE_PREFIX.length);
    }

    /** Encodes a state value. */
    static byte[] encodeState(byte[] value) {
        byte[] out = new byte[PREFIX_BYTES + value.length];
        System.arraycopy(value, 0, out, PREFIX_BYTES, value.length);
        return seal(out, TYPE_STATE);
    }

    /** Decodes a state value; null when it is torn or corrupt. */
    static byte[] decodeState(byte[] stored) {
        return intact(stored, TYPE_STATE) ? java.util.Arrays.copyOfRange(stored, PREFIX_BYTES, stored.length) : null;
    }

    /** The extent index an extent key names. */
    static int extentIndex(byte[] extentKey) {
        return ByteBuffer.wrap(extentKey).order(ByteOrder.LITTLE_ENDIAN).getInt(DIGEST_BYTES + 8);
    }

    /** One stored variant: the object, and where its body lives when not inline. */
    record Variant(StoredObject object, long bodyId, int extentCount, int bodyCrc, long bodyLength) {
        boolean inExtents() {
            return bodyId != 0;
        }

        /** A variant whose body sits in its head. */
        static Variant inline(StoredObject object) {
            return new Variant(object, 0, 0, 0, object.body().length());
        }
    }

    /** A decoded head: the original key and its variants. */
    record Head(HashKey key, List<Variant> variants) {
        long expires() {
            long e = Long.MIN_VALUE;
            for (Variant v : variants) {
                e = Math.max(e, v.object().expires());
            }
            return e;
        }
    }

    /** Encodes a head. A variant in extents has its body's id, extent count and CRC set. */
    static byte[] encodeHead(Head head) {
        List<byte[]> strings = new ArrayList<>();
        int size = PREFIX_BYTES + 8 + 1 + head.key().bytes().length + 2;
        for (Variant v : head.variants()) {
            StoredObject o = v.object();
            size += 8 + 2 + 1 + 40 + 2 + 2 + 8 + 1;
            size += utf8(strings, o.reason());
            for (StoredObject.Header h : o.headers()) {
                size += utf8(strings, h.name()) + utf8(strings, h.value());
            }
            if (o.variant() != null) {
                for (String s : o.variant()) {
                    size += utf8(strings, s);
                }
            }
            size += v.inExtents() ? 16 : (int) o.body().length();
        }
        ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        out.position(PREFIX_BYTES);
        out.putLong(head.expires());
        byte[] digest = head.key().bytes();
        out.put((byte) digest.length).put(digest);
        out.putShort((short) head.variants().size());
        int s = 0;
        for (Variant v : head.variants()) {
            StoredObject o = v.object();
            out.putLong(o.xid()).putShort((short) o.status()).put((byte) o.kind().ordinal());
            out.putLong(o.origin()).putLong(o.ttlMillis()).putLong(o.graceMillis()).putLong(o.keepMillis()).putLong(o.stored());
            putString(out, strings.get(s++));
            out.putShort((short) o.headers().size());
            for (int i = 0; i < o.headers().size(); i++) {
                putString(out, strings.get(s++));
                putString(out, strings.get(s++));
            }
            if (o.variant() == null) {
                out.putShort((short) -1);
            } else {
                out.putShort((short) o.variant().size());
                for (int i = 0; i < o.variant().size(); i++) {
                    putString(out, strings.get(s++));
                }
            }
            out.putLong(v.bodyLength());
            if (v.inExtents()) {
                out.put(EXTENTS).putLong(v.bodyId()).putInt(v.extentCount()).putInt(v.bodyCrc());
            } else {
                out.put(INLINE);
                for (ByteBuffer b : o.body().buffers()) {
                    out.put(b);
                }
            }
        }
        return seal(out.array(), TYPE_HEAD);
    }

    /**
     * Decodes a head; null when it is torn or corrupt (bad magic, type, checksum or layout).
     * With {@code bodies}, inline bodies are copied into direct buffers; without, every body is left
     * empty (for bookkeeping). Bodies in extents are always left empty for the caller to read.
     */
    static Head decodeHead(byte[] value, boolean bodies) {
        if (!intact(value, TYPE_HEAD)) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
            in.position(PREFIX_BYTES + 8);
            byte[] digest = new byte[in.get() & 0xff];
            in.get(digest);
            int n = in.getShort();
            List<Variant> variants = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                long xid = in.getLong();
                int status = in.getShort() & 0xffff;
                StoredObject.Kind kind = StoredObject.Kind.values()[in.get()];
                long origin = in.getLong();
                long ttl = in.getLong();
                long grace = in.getLong();
                long keep = in.getLong();
                long stored = in.getLong();
                String reason = getString(in);
                int nh = in.getShort() & 0xffff;
                List<StoredObject.Header> headers = new ArrayList<>(nh);
                for (int i = 0; i < nh; i++) {
                    headers.add(new StoredObject.Header(getString(in), getString(in)));
                }
                int nv = in.getShort();
                List<String> vary = null;
                if (nv >= 0) {
                    vary = new ArrayList<>(nv);
                    for (int i = 0; i < nv; i++) {
                        vary.add(getString(in));
                    }
                }
                long length = in.getLong();
                byte mode = in.get();
                Body body = Body.EMPTY;
                long id = 0;
                int extents = 0;
                int crc = 0;
                if (mode == INLINE) {
                    if (length > 0 && !bodies) {
                        in.position(in.position() + (int) length);
                    } else if (length > 0) {
                        ByteBuffer direct = ByteBuffer.allocateDirect((int) length);
                        direct.put(in.slice(in.position(), (int) length)).flip();
                        in.position(in.position() + (int) length);
                        body = Body.of(List.of(direct));
                    }
                } else if (mode == EXTENTS) {
                    id = in.getLong();
                    extents = in.getInt();
                    crc = in.getInt();
                } else {
                    return null;
                }
                StoredObject o = new StoredObject(xid, status, reason, headers,
                        vary, body, origin, ttl, grace, keep, kind, stored);
                variants.add(new Variant(o, id, extents, crc, length));
            }
            return in.hasRemaining() ? null : new Head(HashKey.ofOwned(digest), List.copyOf(variants));
        } catch (RuntimeException e) {
            // a layout that does not parse is as corrupt as a bad checksum
            return null;
        }
    }

    /** Encodes one extent: the next {@code length} bytes of {@code source}. */
    static byte[] encodeExtent(ByteBuffer source, int length) {
        byte[] out = new byte[PREFIX_BYTES + length];
        source.get(out, PREFIX_BYTES, length);
        return seal(out, TYPE_EXTENT);
    }

    /** Whether {@code value} is an intact entry of {@code type}. */
    static boolean intact(byte[] value, byte type) {
        if (value == null || value.length < PREFIX_BYTES) {
            return false;
        }
        ByteBuffer in = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (in.getShort(0) != MAGIC || in.get(2) != VERSION || in.get(3) != type) {
            return false;
        }
        CRC32C crc = new CRC32C();
        crc.update(value, PREFIX_BYTES, value.length - PREFIX_BYTES);
        return (int) crc.getValue() == in.getInt(4);
    }

    /** The CRC32C of every chunk of {@code body}, as one stream. */
    static int crc(Body body) {
        CRC32C crc = new CRC32C();
        for (ByteBuffer b : body.buffers()) {
            crc.update(b);
        }
        return (int) crc.getValue();
    }

    private static byte[] seal(byte[] value, byte type) {
        ByteBuffer out = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        CRC32C crc = new CRC32C();
        crc.update(value, PREFIX_BYTES, value.length - PREFIX_BYTES);
        out.putShort(0, MAGIC).put(2, VERSION).put(3, type).putInt(4, (int) crc.getValue());
        return value;
    }

    private static int utf8(List<byte[]> strings, String s) {
        byte[] b = s == null ? null : s.getBytes(StandardCharsets.UTF_8);
        strings.add(b);
        return 4 + (b == null ? 0 : b.length);
    }

    private static void putString(ByteBuffer out, byte[] b) {
        if (b == null) {
            out.putInt(-1);
        } else {
            out.putInt(b.length).put(b);
        }
    }

    private static String getString(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
