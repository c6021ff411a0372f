package io.lacquer.samples;

import io.undertow.Undertow;
import io.undertow.server.HttpHandler;
import io.undertow.server.handlers.PathHandler;
import io.undertow.server.handlers.SetHeaderHandler;
import io.undertow.server.handlers.resource.ClassPathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * The sample origin: static files with Last-Modified and Content-Type (Undertow's resource
 * handler over the bundled {@code site/} folder), cached for an hour, plus two small dynamic pages:
 * {@code /time} (cacheable for 10 s) and {@code /private} (never cacheable).
 */
public final class SampleSite implements AutoCloseable {
    private final Undertow server;

    private SampleSite(Undertow server) {
        this.server = server;
    }

    /** Starts the site on {@code host:port} (0 picks a free port). */
    public static SampleSite start(String host, int port) {
        ResourceHandler files = new ResourceHandler(
                new ClassPathResourceManager(SampleSite.class.getClassLoader(), "io/lacquer/samples/site"))
                .setWelcomeFiles("index.html");
        HttpHandler cachedFiles = new SetHeaderHandler(files, "Cache-Control", "public, max-age=3600");
        PathHandler routes = new PathHandler(cachedFiles)
                .addExactPath("/time", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "max-age=10");
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                    exchange.getResponseSender().send("generated at " + Instant.now() + "\n");
                })
                .addExactPath("/private", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "private, no-store");
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                    exchange.getResponseSender().send("for you only, at " + Instant.now() + "\n");
                });
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setHandler(routes)
                .build();
        server.start();
        return new SampleSite(server);
    }

    /** The address it listens on. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getListenerInfo().get(0).getAddress();
    }

    @Override
    public void close() {
        server.stop();
    }
}
