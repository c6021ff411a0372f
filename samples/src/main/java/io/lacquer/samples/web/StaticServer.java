package io.lacquer.samples.web;

import io.undertow.Undertow;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.ETag;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

import static java.util.Objects.requireNonNull;

/**
 * A static web server: files from a folder with Content-Type by extension, Last-Modified from the
 * file and a strong ETag from its size and modification time (as nginx makes them), answering
 * conditional requests with 304 and ranges with 206 (Undertow's resource handler). Its health
 * check is {@code GET /health.html}.
 */
public final class StaticServer implements AutoCloseable {
    private final String name;
    private final Undertow server;

    private StaticServer(String name, Undertow server) {
        this.name = name;
        this.server = server;
    }

    /** Serves {@code root} on {@code host:port} (0 for a free port) as the server called {@code name}. */
    public static StaticServer start(String name, Path root, String host, int port) {
        requireNonNull(name, "name");
        io.undertow.server.handlers.resource.ResourceManager files = PathResourceManager.builder()
                .setBase(root)
                .setETagFunction(StaticServer::etag)
                .build();
        ResourceHandler handler = new ResourceHandler(files).setWelcomeFiles("index.html").setDirectoryListingEnabled(false);
        Undertow server = Undertow.builder()
                .addHttpListener(port, host)
                .setIoThreads(1)
                .setWorkerThreads(8)
                .setHandler(exchange -> {
                    exchange.getResponseHeaders().put(io.undertow.util.HttpString.tryFromString("X-Served-By"), name);
                    handler.handleRequest(exchange);
                })
                .build();
        server.start();
        return new StaticServer(name, server);
    }

    /** The strong entity-tag of a file: its size and modification time in hex, quoted. */
    static ETag etag(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new ETag(false, Long.toHexString(a.lastModifiedTime().toMillis() / 1000) + "-" + Long.toHexString(a.size()));
        } catch (IOException e) {
            return null;
        }
    }

    /** The server's name (in {@code X-Served-By}). */
    public String name() {
        return name;
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
