package io.lacquer.front.proxy;

import io.undertow.util.HeaderValues;
import java.util.Locale;

/**
 * A message's {@code Transfer-Encoding}, read as RFC 9112 §6 says, for what it means to the
 * front: it relays bodies by length or chunked, and applies no other coding.
 */
public enum TransferCoding {
    /** chunked alone: the body is relayed. */
    CHUNKED,
    /** chunked not last, or twice (or with parameters, which it takes none of): the body's end cannot be found. */
    LENGTH_UNKNOWN,
    /** other codings before a final chunked: the front cannot pass them on. */
    OTHER_CODINGS;

    /** The reading of a message's {@code Transfer-Encoding} values. */
    public static TransferCoding of(HeaderValues values) {
        String last = "";
        int chunked = 0;
        boolean others = false;
        for (String value : values) {
            for (String coding : value.split(",")) {
                String name = coding.trim().toLowerCase(Locale.ROOT);
                if (name.isEmpty()) {
                    continue;
                }
                last = name;
                if (name.equals("chunked")) {
                    chunked++;
                } else {
                    others = true;
                }
            }
        }
        if (!last.equals("chunked") || chunked > 1) {
            return LENGTH_UNKNOWN;
        }
        return others ? OTHER_CODINGS : CHUNKED;
    }
}
