import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The upper bound of a Java proxy on this machine, for relay-bound.sh: a byte relay on plain NIO
 * that pairs each client connection with a server connection of its own (round robin over the
 * servers) and copies whatever one side sends to the other. No HTTP is parsed or written, so any
 * HTTP proxy in Java on the same I/O model (a read and a write per direction per request) does
 * more work per request than this.
 *
 * <p>Usage: {@code java RelayBound.java PORT SERVER_PORT...}; two I/O threads, each with its own
 * selector, on 127.0.0.1. Not part of the product.
 */
public final class RelayBound {
    private static final int THREADS = 2;

    /** A client connection, its server connection, and the buffer both directions share. */
    private static final class Pair {
        final SocketChannel client;
        final SocketChannel server;
        final ByteBuffer buffer = ByteBuffer.allocateDirect(16 * 1024);

        Pair(SocketChannel client, SocketChannel server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            try {
                client.close();
                server.close();
            } catch (IOException e) {
                // closing is all that is left
            }
        }
    }

    /** One I/O thread: takes new client connections from the acceptor, then relays their bytes. */
    private static final class IoThread extends Thread {
        final Selector selector = Selector.open();
        final ConcurrentLinkedQueue<SocketChannel> accepted = new ConcurrentLinkedQueue<>();
        final InetSocketAddress[] servers;
        int next;

        IoThread(InetSocketAddress[] servers) throws IOException {
            this.servers = servers;
        }

        @Override
        public void run() {
            try {
                for (;;) {
                    selector.select();
                    for (SocketChannel c; (c = accepted.poll()) != null; ) {
                        pair(c);
                    }
                    for (SelectionKey k : selector.selectedKeys()) {
                        relay((Pair) k.attachment(), (SocketChannel) k.channel());
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                e.printStackTrace();
            }
        }

        private void pair(SocketChannel client) throws IOException {
            SocketChannel server = SocketChannel.open(servers[next++ % servers.length]);
            Pair p = new Pair(client, server);
            for (SocketChannel ch : new SocketChannel[] {client, server}) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                ch.register(selector, SelectionKey.OP_READ, p);
            }
        }

        /* Copies what `from` has to the other side; the messages are small enough to go in one write. */
        private static void relay(Pair p, SocketChannel from) throws IOException {
            SocketChannel to = from == p.client ? p.server : p.client;
            p.buffer.clear();
            int n;
            try {
                n = from.read(p.buffer);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                p.close();
                return;
            }
            p.buffer.flip();
            while (p.buffer.hasRemaining()) {
                to.write(p.buffer);
            }
        }
    }

    public static void main(String[] args) throws IOException {
        InetSocketAddress[] servers = new InetSocketAddress[args.length - 1];
        for (int i = 1; i < args.length; i++) {
            servers[i - 1] = new InetSocketAddress("127.0.0.1", Integer.parseInt(args[i]));
        }
        IoThread[] threads = new IoThread[THREADS];
        for (int i = 0; i < THREADS; i++) {
            threads[i] = new IoThread(servers);
            threads[i].start();
        }
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 1024);
        for (int i = 0;; i++) {
            IoThread t = threads[i % THREADS];
            t.accepted.add(listener.accept());
            t.selector.wakeup();
        }
    }
}
