package io.grain.gateway.netty;

import io.grain.gateway.counters.GatewayCounter;
import io.grain.gateway.counters.GatewayCounters;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.util.AttributeKey;

/**
 * First in every client pipeline: counts connections, closes one at accept when the maximum are
 * open already (before it can cost anything else), and adds accepted ones to the gateway's group.
 * Shared by all connections; runs on their event loops.
 */
@ChannelHandler.Sharable
final class ConnectionLimitHandler extends ChannelInboundHandlerAdapter {
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("grain.gateway.counted");

    private final GatewayCounters counters;
    private final int maxConnections;
    private final ChannelGroup channels;

    ConnectionLimitHandler(final GatewayCounters counters, final int maxConnections, final ChannelGroup channels) {
        this.counters = counters;
        this.maxConnections = maxConnections;
        this.channels = channels;
    }

    @Override
    public void channelActive(final ChannelHandlerContext ctx) throws Exception {
        if (!counters.tryOpen(maxConnections)) {
            counters.increment(GatewayCounter.CONNECTIONS_REFUSED);
            ctx.close();
            return;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        counters.increment(GatewayCounter.CONNECTIONS_OPENED);
        channels.add(ctx.channel());
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            counters.closed();
            counters.increment(GatewayCounter.CONNECTIONS_CLOSED);
        }
        super.channelInactive(ctx);
    }
}
