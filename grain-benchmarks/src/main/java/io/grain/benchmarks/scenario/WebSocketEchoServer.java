package io.grain.benchmarks.scenario;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway benchmark's anchor: the least a Netty WebSocket server does, each binary message
 * echoed back as it came, on as many I/O threads as the gateway gets. Nothing else (no
 * authentication, no limits), so it is the ceiling a gateway on the same Netty can approach.
 */
final class WebSocketEchoServer implements AutoCloseable {
    private final EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory("echo-accept", true));
    private final EventLoopGroup workers;
    private final AtomicInteger upgraded = new AtomicInteger();
    private final Channel server;

    WebSocketEchoServer(final InetSocketAddress address, final int threads) {
        workers = new NioEventLoopGroup(threads, new DefaultThreadFactory("echo-io", true));
        final ChannelHandler echo = new Echo();
        server = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 4096)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(final SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                        new WebSocketServerProtocolHandler("/echo", null, false, 32 * 1024), echo);
                }
            }).bind(address).syncUninterruptibly().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress)server.localAddress();
    }

    /** WebSocket connections open now (upgraded, not yet closed). */
    int connections() {
        return upgraded.get();
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Shared by every connection: it keeps no state of its own. */
    @ChannelHandler.Sharable
    private final class Echo extends SimpleChannelInboundHandler<BinaryWebSocketFrame> {
        Echo() {
            super(false);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final BinaryWebSocketFrame frame) {
            ctx.writeAndFlush(frame);
        }

        @Override
        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception {
            if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                upgraded.incrementAndGet();
                ctx.channel().closeFuture().addListener(f -> upgraded.decrementAndGet());
            }
            super.userEventTriggered(ctx, event);
        }
    }
}
