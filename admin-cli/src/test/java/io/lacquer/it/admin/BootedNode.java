package io.lacquer.it.admin;

import io.lacquer.admin.Node;
import io.lacquer.admin.NodeConfig;
import io.lacquer.core.testkit.RawHttp;
import io.lacquer.core.testkit.ScriptedOrigin;
import io.lacquer.storage.StorageSpec;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A node started with -f in front of a scripted origin that answers "ok", uncacheable, its
 * management port open to the secret file's "s3cret". The boot policy is {@code policy("boot")}.
 */
final class BootedNode implements AutoCloseable {
    final ScriptedOrigin origin;
    final Node node;
    final Path secret;
    final int adminPort;

    private BootedNode(ScriptedOrigin origin, Node node, Path secret) {
        this.origin = origin;
        this.node = node;
        this.secret = secret;
        this.adminPort = node.admin().address().getPort();
    }

    /** Starts the origin, then the node, keeping the policy file, secret and work directory in {@code dir}. */
    static BootedNode start(Path dir) throws Exception {
        ScriptedOrigin origin = ScriptedOrigin.start();
        origin.otherwise((req, resp) -> resp.header("Cache-Control", "no-store").send("ok"));
        Path boot = dir.resolve("boot.vcl.groovy");
        Files.writeString(boot, policy(origin, "boot"));
        Path secret = dir.resolve("secret");
        Files.writeString(secret, "s3cret\n");
        Node node = Node.start(new NodeConfig(InetSocketAddress.createUnresolved("127.0.0.1", 0), null, dir.resolve("work"),
                StorageSpec.DEFAULT, Map.of(), null, null, boot, InetSocketAddress.createUnresolved("127.0.0.1", 0), secret));
        return new BootedNode(origin, node, secret);
    }

    /** A policy sending everything to the origin and marking each response {@code X-Policy: name}. */
    String policy(String name) {
        return policy(origin, name);
    }

    private static String policy(ScriptedOrigin origin, String name) {
        return "backend 'web', host: '127.0.0.1', port: " + origin.port() + "\n"
                + "vcl_deliver { resp.http['X-Policy'] = '" + name + "' }\n";
    }

    /** The X-Policy header of the node's answer to GET {@code path}. */
    String policyServing(String path) throws Exception {
        return RawHttp.get(httpPort(), path).header("X-Policy");
    }

    int httpPort() {
        return node.server().address().getPort();
    }

    @Override
    public void close() {
        node.close();
        origin.close();
    }
}
