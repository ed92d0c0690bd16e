package io.grain.gateway.netty;

import io.grain.gateway.protocol.FrameFormat;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.CharsetUtil;

import java.util.List;

/**
 * Lets through only the WebSocket upgrade request for the gateway's path ({@code /grain}), and
 * reads its {@code format} parameter into the channel's {@link Formats#FORMAT}. Anything else is
 * answered 404 (another path) or 400 (a bad format) and closed. Removes itself after the upgrade
 * request, so it costs nothing per frame. One instance per connection.
 */
final class WebSocketRequestFilter extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final String path;

    WebSocketRequestFilter(final String path) {
        super(false);
        this.path = path;
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
        final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
        if (!uri.path().equals(path)) {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, "the gateway's WebSocket is at " + path + "\n");
            return;
        }
        final List<String> values = uri.parameters().get("format");
        final FrameFormat format = FrameFormat.fromParameter(values == null ? null : values.get(0));
        if (format == null) {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "format must be protobuf or json\n");
            return;
        }
        ctx.channel().attr(Formats.FORMAT).set(format);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(request);
    }

    private static void respond(final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpResponseStatus status,
        final String text) {
        request.release();
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(text, CharsetUtil.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=UTF-8");
        HttpUtil.setContentLength(response, response.content().readableBytes());
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
