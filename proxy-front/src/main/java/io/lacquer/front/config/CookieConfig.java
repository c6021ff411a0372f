package io.lacquer.front.config;

import org.jspecify.annotations.Nullable;

/**
 * A backend's {@code cookie} persistence settings.
 *
 * @param name the cookie's name
 * @param mode how the cookie is produced
 * @param indirect no cookie to clients that already have a valid one, and (insert) none to the server
 * @param nocache responses that get a cookie are made private
 * @param httponly adds {@code HttpOnly} to inserted cookies
 * @param secure adds {@code Secure} to inserted cookies
 * @param domain {@code Domain} attribute for inserted cookies, or null
 * @param maxidle milliseconds a cookie may go unused before it is ignored; 0 means forever
 * @param maxlife milliseconds after its first use that a cookie is ignored; 0 means forever
 */
public record CookieConfig(String name, Mode mode, boolean indirect, boolean nocache, boolean httponly,
        boolean secure, @Nullable String domain, long maxidle, long maxlife) {

    /** How the persistence cookie is produced. */
    public enum Mode {
        /** The front adds its own cookie to responses. */
        INSERT,
        /** The server's own cookie value is prefixed with the server's id. */
        PREFIX,
        /** The server's own cookie value is replaced with the server's id. */
        REWRITE
    }
}
