package io.lacquer.front.route;

import io.undertow.util.HeaderValues;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Whether the front can relay a request body sent with {@code Transfer-Encoding}, read as RFC 9112
 * §6 says. The front relays bodies by length or chunked, so chunked must be the last coding, once
 * (else the body's length cannot be known: 400), and the only one (others it does not apply:
 * HAProxy 2.6 answers 422 there, and so does the front).
 */
final class TransferCodings {
    private TransferCodings() {
    }

    /** The page refusing a request with these {@code Transfer-Encoding} values, or null when the front can relay it. */
    static @Nullable ErrorPage refusal(@Nullable HeaderValues values) {
        if (values == null) {
            return null;
        }
        String last = "";
        int chunked = 0;
        boolean others = false;
        for (String value : values) {
            for (String coding : value.split(",")) {
                // chunked takes no parameters: "chunked;x=1" is another coding, as for HAProxy
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
            return ErrorPage.BAD_REQUEST;
        }
        return others ? ErrorPage.UNPROCESSABLE : null;
    }
}
