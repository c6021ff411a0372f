package io.lacquer.vcl.testing;

import io.lacquer.core.http.HeaderList;

/**
 * A backend response to put through a policy: its status, header fields, and the ttl and grace
 * the cache's freshness rules gave it before {@code vcl_backend_response} runs (reference §1.3;
 * by default 120 s and 10 s, the values for a 200 with no caching headers).
 */
public final class TestResponse {
    final int status;
    final HeaderList headers = new HeaderList();
    double ttl = 120;
    double grace = 10;
    double keep = 0;

    private TestResponse(int status) {
        this.status = status;
    }

    /** A response with {@code status}. */
    public static TestResponse status(int status) {
        return new TestResponse(status);
    }

    /** A 200 response. */
    public static TestResponse ok() {
        return new TestResponse(200);
    }

    /** Adds a header field. */
    public TestResponse header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** The ttl, in seconds, the freshness rules computed (negative: not cacheable by them). */
    public TestResponse ttl(double seconds) {
        this.ttl = seconds;
        return this;
    }

    /** The grace, in seconds. */
    public TestResponse grace(double seconds) {
        this.grace = seconds;
        return this;
    }
}
