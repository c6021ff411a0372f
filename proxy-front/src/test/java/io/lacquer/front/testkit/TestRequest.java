package io.lacquer.front.testkit;

import io.lacquer.front.acl.RequestView;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link RequestView} built by hand for unit tests.
 */
public final class TestRequest implements RequestView {
    private String method = "GET";
    private String uri = "/";
    private String protocol = "HTTP/1.1";
    private InetAddress source;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private TestRequest() {
        try {
            source = InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET of {@code uri} from 127.0.0.1. */
    public static TestRequest get(String uri) {
        TestRequest r = new TestRequest();
        r.uri = uri;
        return r;
    }

    /** Sets the method. */
    public TestRequest method(String m) {
        this.method = m;
        return this;
    }

    /** Sets the protocol. */
    public TestRequest protocol(String p) {
        this.protocol = p;
        return this;
    }

    /** Adds a header. */
    public TestRequest header(String name, String value) {
        headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    /** Sets the source address. */
    public TestRequest from(String address) {
        try {
            source = InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String path() {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    @Override
    public String query() {
        int q = uri.indexOf('?');
        return q < 0 ? "" : uri.substring(q + 1);
    }

    @Override
    public String uri() {
        return uri;
    }

    @Override
    public String protocol() {
        return protocol;
    }

    @Override
    public List<String> headerValues(String name) {
        List<String> out = new ArrayList<>();
        for (String v : headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of())) {
            for (String p : v.split(",")) {
                out.add(p.trim());
            }
        }
        return out;
    }

    @Override
    public InetAddress source() {
        return source;
    }

    @Override
    public String cookie(String name) {
        return io.lacquer.front.sticky.CookieHeader.find(headers.getOrDefault("cookie", List.of()), name);
    }
}
