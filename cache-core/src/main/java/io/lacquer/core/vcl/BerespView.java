package io.lacquer.core.vcl;

import io.lacquer.core.http.HeaderFields;

/** The backend's response: VCL's {@code beresp.*}. */
public interface BerespView {
    /** {@code beresp.status}. */
    int status();

    /** Sets {@code beresp.status}. */
    void status(int status);

    /** {@code beresp.reason}. */
    String reason();

    /** Sets {@code beresp.reason}. */
    void reason(String reason);

    /** {@code beresp.http.*}. */
    HeaderFields http();

    /** {@code beresp.ttl} in seconds. */
    double ttl();

    /** Sets {@code beresp.ttl}. */
    void ttl(double seconds);

    /** {@code beresp.grace} in seconds. */
    double grace();

    /** Sets {@code beresp.grace}. */
    void grace(double seconds);

    /** {@code beresp.keep} in seconds. */
    double keep();

    /** Sets {@code beresp.keep}. */
    void keep(double seconds);

    /** {@code beresp.uncacheable}. */
    boolean uncacheable();

    /** Sets {@code beresp.uncacheable}; only {@code true} takes effect, as in Varnish. */
    void uncacheable(boolean uncacheable);

    /** {@code beresp.age} in seconds: the Age the backend reported. */
    double age();

    /** {@code beresp.was_304}: the stored response was revalidated by a 304 and is delivered again. */
    boolean was304();

    /**
     * The cache directives that apply to this cache: CDN-Cache-Control when present and honoured
     * ({@code cdn_cache_control}, RFC 9213), else Cache-Control; null when neither is present.
     */
    String cacheControl();

    /** Sets the synthetic body ({@code synthetic()}, {@code beresp.body}); only in vcl_backend_error. */
    void body(String body);
}
