package io.grain.gateway.netty;

import io.grain.gateway.http.HttpEndpoint;
import io.grain.gateway.http.StaticContent;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's sockets: a WebSocket listener and a TCP listener on Netty's NIO transport, each
 * connection a pipeline of small handlers with one concern each:
 *
 * <pre>
 * WebSocket: limit -> idle -> HTTP codec -> aggregator -> [static content and HTTP endpoints] -> path/format filter -> WebSocket protocol
 *            -> frame aggregator -> WebSocketFrameCodec -> ClientConnection
 * TCP:       limit -> idle -> length-prefixed frames -> TcpFrameCodec -> ClientConnection
 * </pre>
 *
 * Thread safe; {@link #close()} is idempotent.
 */
public final class GatewayListeners implements AutoCloseable {
    /** Largest HTTP upgrade request accepted, in bytes. */
    static final int MAX_HTTP_REQUEST_BYTES = 8192;
    /** How long close waits for connections to take their Close frame. */
    private static final long CLOSE_WAIT_MILLIS = 2000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup channels = new DefaultChannelGroup("grain-gateway", GlobalEventExecutor.INSTANCE);
    private Channel webSocket;
    private Channel tcp;
    private boolean closed;

    /** Starts the event loops: one acceptor thread and {@code threads} I/O threads. */
    public GatewayListeners(final int threads) {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("grain-gateway-accept", true));
        workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("grain-gateway-io", true));
    }

    /** The I/O event loops, for timers that belong to the gateway (session expiry). */
    public ScheduledExecutorService scheduler() {
        return workers;
    }

    /** Listens for WebSocket clients at {@code address}, upgrading requests for {@code path}. */
    public synchronized InetSocketAddress bindWebSocket(final InetSocketAddress address, final String path, final ConnectionServices services)
        throws InterruptedException {
        return bindWebSocket(address, path, services, null, Map.of());
    }

    /**
     * Listens for WebSocket clients at {@code address}, upgrading requests for {@code path}, and
     * answers plain HTTP on the same port: {@code endpoints} by path and GET of {@code content}
     * (null: none). Without either, every other path gets 404.
     */
    public synchronized InetSocketAddress bindWebSocket(final InetSocketAddress address, final String path, final ConnectionServices services,
        final StaticContent content, final Map<String, HttpEndpoint> endpoints) throws InterruptedException {
        final HttpContentHandler http = content == null && endpoints.isEmpty() ? null : new HttpContentHandler(path, content, endpoints);
        final ConnectionLimitHandler limit = new ConnectionLimitHandler(services.counters(), services.limits().maxConnections(), channels);
        final WebSocketServerProtocolConfig config = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(path)
            .checkStartsWith(true)
            .handshakeTimeoutMillis(services.limits().handshakeTimeoutMillis())
            .decoderConfig(WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(services.limits().maxFrameBytes())
                .allowExtensions(false)
                .build())
            .build();
        webSocket = bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(final SocketChannel channel) {
                final ChannelPipeline p = channel.pipeline();
                p.addLast("limit", limit);
                p.addLast("idle", idle(services));
                p.addLast("http", new HttpServerCodec());
                p.addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_REQUEST_BYTES));
                if (http != null) {
                    p.addLast("http-content", http);
                }
                p.addLast("filter", new WebSocketRequestFilter(path));
                p.addLast("websocket", new WebSocketServerProtocolHandler(config));
                p.addLast("ws-aggregator", new WebSocketFrameAggregator(services.limits().maxFrameBytes()));
                p.addLast("frames", new WebSocketFrameCodec());
                p.addLast("connection", new ClientConnection(services));
            }
        }).bind(address).sync().channel();
        return (InetSocketAddress)webSocket.localAddress();
    }

    /** Listens for TCP clients (length-prefixed frames) at {@code address}. */
    public synchronized InetSocketAddress bindTcp(final InetSocketAddress address, final ConnectionServices services)
        throws InterruptedException {
        final ConnectionLimitHandler limit = new ConnectionLimitHandler(services.counters(), services.limits().maxConnections(), channels);
        final int maxFrame = services.limits().maxFrameBytes();
        tcp = bootstrap(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(final SocketChannel channel) {
                final ChannelPipeline p = channel.pipeline();
                p.addLast("limit", limit);
                p.addLast("idle", idle(services));
                p.addLast("length", new LengthFieldBasedFrameDecoder(maxFrame + 4, 0, 4, 0, 4, true));
                p.addLast("frames", new TcpFrameCodec());
                p.addLast("connection", new ClientConnection(services));
            }
        }).bind(address).sync().channel();
        return (InetSocketAddress)tcp.localAddress();
    }

    private ServerBootstrap bootstrap(final ChannelInitializer<SocketChannel> initializer) {
        return new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(initializer);
    }

    private static IdleStateHandler idle(final ConnectionServices services) {
        return new IdleStateHandler(services.limits().idleTimeoutMillis(), services.limits().pingIntervalMillis(), 0,
            TimeUnit.MILLISECONDS);
    }

    /**
     * Stops listening, sends every connection Close(SHUTTING_DOWN), waits a little for them to go,
     * and stops the event loops.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (webSocket != null) {
            webSocket.close().syncUninterruptibly();
        }
        if (tcp != null) {
            tcp.close().syncUninterruptibly();
        }
        for (final Channel channel : channels) {
            channel.pipeline().fireUserEventTriggered(GatewayShutdown.INSTANCE);
        }
        channels.newCloseFuture().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
        channels.close().awaitUninterruptibly(CLOSE_WAIT_MILLIS);
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
