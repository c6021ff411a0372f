package io.lacquer.core.vcl;

import io.lacquer.core.backend.Director;
import io.lacquer.core.http.HeaderFields;

/** The request about to be sent to the backend: VCL's {@code bereq.*}. */
public interface BereqView {
    /** {@code bereq.method}. */
    String method();

    /** Sets {@code bereq.method}. */
    void method(String method);

    /** {@code bereq.url}. */
    String url();

    /** Sets {@code bereq.url}. */
    void url(String url);

    /** {@code bereq.http.*}. */
    HeaderFields http();

    /** {@code bereq.backend}. */
    Director backend();

    /** Sets {@code bereq.backend}. */
    void backend(Director director);

    /** {@code bereq.retries}. */
    int retries();

    /** {@code bereq.uncacheable}: a pass or a hit-for-miss; the response will not be stored. */
    boolean uncacheable();

    /** {@code bereq.is_bgfetch}: a refresh of an object served in grace. */
    boolean isBgFetch();

    /** {@code bereq.xid}. */
    long xid();

    /** Drops the request body ({@code unset bereq.body}). */
    void unsetBody();

    /** {@code bereq.connect_timeout} in seconds; starts as the {@code connect_timeout} parameter. */
    double connectTimeout();

    /** Sets {@code bereq.connect_timeout}; it then wins over the backend's own. */
    void connectTimeout(double seconds);

    /** {@code bereq.first_byte_timeout} in seconds; starts as the {@code first_byte_timeout} parameter. */
    double firstByteTimeout();

    /** Sets {@code bereq.first_byte_timeout}; it then wins over the backend's own. */
    void firstByteTimeout(double seconds);

    /** {@code bereq.between_bytes_timeout} in seconds; starts as the {@code between_bytes_timeout} parameter. */
    double betweenBytesTimeout();

    /** Sets {@code bereq.between_bytes_timeout}; it then wins over the backend's own. */
    void betweenBytesTimeout(double seconds);

    /** {@code client.ip} on the backend side: the address of the client whose request started the fetch. */
    String clientIp();

    /** {@code client.identity} on the backend side: as that client request had it when the fetch started. */
    String clientIdentity();

    /** {@code server.ip} and {@code local.ip} on the backend side: where that client request arrived. */
    String serverIp();
}
