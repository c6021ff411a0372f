package io.lacquer.front.proxy;

import io.lacquer.front.config.ForwardFor;
import io.undertow.client.ClientCallback;
import io.undertow.client.ClientConnection;
import io.undertow.client.ClientExchange;
import io.undertow.client.ClientRequest;
import io.undertow.client.ClientStatistics;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.xnio.ChannelListener;
import org.xnio.Option;
import org.xnio.StreamConnection;
import org.xnio.XnioIoThread;
import org.xnio.XnioWorker;

/**
 * A pooled server connection as the proxy handler sees it for one request: the request leaves
 * with the forwarded headers HAProxy would send ({@link ForwardedHeaders}), and its response
 * listener goes through the request's {@link ServerTimeout}. Everything else is the pooled
 * connection's.
 *
 * <p>Used on the request's I/O thread only.
 */
final class ForwardedConnection implements ClientConnection, ClientCallback<ClientExchange> {
    private final ClientConnection delegate;
    private final HttpServerExchange exchange;
    private final @Nullable ForwardFor front;
    private final @Nullable ForwardFor back;
    private final @Nullable ServerTimeout timeout;
    private @Nullable ClientCallback<ClientExchange> sent;

    ForwardedConnection(ClientConnection delegate, HttpServerExchange exchange, @Nullable ForwardFor front,
            @Nullable ForwardFor back, @Nullable ServerTimeout timeout) {
        this.delegate = delegate;
        this.exchange = exchange;
        this.front = front;
        this.back = back;
        this.timeout = timeout;
    }

    @Override
    public void sendRequest(ClientRequest request, ClientCallback<ClientExchange> callback) {
        ForwardedHeaders.apply(request.getRequestHeaders(), exchange, front, back);
        if (timeout == null) {
            delegate.sendRequest(request, callback);
        } else {
            sent = callback;
            delegate.sendRequest(request, this);
        }
    }

    /** The request went out: the proxy handler gets an exchange whose response listener is timed. */
    @Override
    public void completed(ClientExchange result) {
        sent.completed(new TimedExchange(result, timeout));
    }

    @Override
    public void failed(IOException e) {
        sent.failed(e);
    }

    @Override
    public StreamConnection performUpgrade() throws IOException {
        return delegate.performUpgrade();
    }

    @Override
    public ByteBufferPool getBufferPool() {
        return delegate.getBufferPool();
    }

    @Override
    public SocketAddress getPeerAddress() {
        return delegate.getPeerAddress();
    }

    @Override
    public <A extends SocketAddress> A getPeerAddress(Class<A> type) {
        return delegate.getPeerAddress(type);
    }

    @Override
    public ChannelListener.Setter<? extends ClientConnection> getCloseSetter() {
        return delegate.getCloseSetter();
    }

    @Override
    public SocketAddress getLocalAddress() {
        return delegate.getLocalAddress();
    }

    @Override
    public <A extends SocketAddress> A getLocalAddress(Class<A> type) {
        return delegate.getLocalAddress(type);
    }

    @Override
    public XnioWorker getWorker() {
        return delegate.getWorker();
    }

    @Override
    public XnioIoThread getIoThread() {
        return delegate.getIoThread();
    }

    @Override
    public boolean isOpen() {
        return delegate.isOpen();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }

    @Override
    public boolean supportsOption(Option<?> option) {
        return delegate.supportsOption(option);
    }

    @Override
    public <T> T getOption(Option<T> option) throws IOException {
        return delegate.getOption(option);
    }

    @Override
    public <T> T setOption(Option<T> option, T value) throws IOException {
        return delegate.setOption(option, value);
    }

    @Override
    public boolean isUpgraded() {
        return delegate.isUpgraded();
    }

    @Override
    public boolean isPushSupported() {
        return delegate.isPushSupported();
    }

    @Override
    public boolean isMultiplexingSupported() {
        return delegate.isMultiplexingSupported();
    }

    @Override
    public ClientStatistics getStatistics() {
        return delegate.getStatistics();
    }

    @Override
    public boolean isUpgradeSupported() {
        return delegate.isUpgradeSupported();
    }

    @Override
    public void addCloseListener(ChannelListener<ClientConnection> listener) {
        delegate.addCloseListener(listener);
    }

    @Override
    public boolean isPingSupported() {
        return delegate.isPingSupported();
    }

    @Override
    public void sendPing(PingListener listener, long timeout, TimeUnit timeUnit) {
        delegate.sendPing(listener, timeout, timeUnit);
    }
}
