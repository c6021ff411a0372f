package io.lacquer.core.vcl;

/** The cached object a request found: VCL's {@code obj.*}, read-only. */
public interface ObjView {
    /** {@code obj.hits}: times delivered from cache before this request (0 on a miss). */
    long hits();

    /** {@code obj.ttl} in seconds, negative once stale. */
    double ttl();

    /** {@code obj.grace} in seconds. */
    double grace();

    /** {@code obj.keep} in seconds. */
    double keep();

    /** {@code obj.age} in seconds. */
    double age();

    /** {@code obj.status}. */
    int status();

    /** {@code obj.http.*} value by name, or null. */
    String http(String name);

    /** {@code obj.uncacheable}: the response was not stored (pass or hit-for-miss). */
    boolean uncacheable();
}
