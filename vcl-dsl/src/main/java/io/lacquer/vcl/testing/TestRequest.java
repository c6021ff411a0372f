package io.lacquer.vcl.testing;

import io.lacquer.core.http.HeaderList;

import static java.util.Objects.requireNonNull;

/**
 * A client request to put through a policy, built fluently:
 * {@code TestRequest.get("/img/a.png").header("Cookie", "x=1")}. Mutable while it is built.
 */
public final class TestRequest {
    final String method;
    final String url;
    final HeaderList headers = new HeaderList();
    String proto = "HTTP/1.1";
    String clientIp = "192.0.2.10";

    private TestRequest(String method, String url) {
        this.method = requireNonNull(method, "method");
        this.url = requireNonNull(url, "url");
        headers.set("Host", "example.com");
    }

    /** A request with {@code method} for {@code url}, HTTP/1.1, with {@code Host: example.com}. */
    public static TestRequest of(String method, String url) {
        return new TestRequest(method, url);
    }

    /** A GET for {@code url}. */
    public static TestRequest get(String url) {
        return new TestRequest("GET", url);
    }

    /** Adds a header field. */
    public TestRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Removes every field named {@code name} (e.g. Host). */
    public TestRequest without(String name) {
        headers.remove(name);
        return this;
    }

    /** Sets the protocol ({@code HTTP/1.0}, {@code HTTP/1.1}). */
    public TestRequest proto(String proto) {
        this.proto = requireNonNull(proto, "proto");
        return this;
    }

    /** Sets {@code client.ip}. */
    public TestRequest from(String ip) {
        this.clientIp = requireNonNull(ip, "ip");
        return this;
    }

    @Override
    public String toString() {
        return method + " " + url + " " + proto;
    }
}
