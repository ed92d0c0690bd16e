package io.grain.gateway.netty;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grain.gateway.protocol.CloseCode;
import io.grain.gateway.protocol.FrameCodec;
import io.grain.gateway.protocol.FrameFormat;
import io.grain.gateway.protocol.ServerFrame;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

import java.util.List;

/**
 * WebSocket data frames to and from gateway frames: the protobuf format uses binary frames, the
 * json format text frames (and accepts UTF-8 JSON in binary frames too). A text frame on a
 * protobuf connection, or bytes that do not decode, go up as a {@link MalformedFrame}. A Close
 * frame is followed by a WebSocket close frame (1001 going away when the gateway shuts down, 1008
 * policy violation otherwise). One instance per connection.
 */
final class WebSocketFrameCodec extends MessageToMessageCodec<WebSocketFrame, ServerFrame> {
    @Override
    protected void decode(final ChannelHandlerContext ctx, final WebSocketFrame frame, final List<Object> out) {
        final FrameFormat format = Formats.of(ctx.channel());
        if (frame instanceof TextWebSocketFrame && format == FrameFormat.PROTOBUF) {
            out.add(new MalformedFrame("a text frame on a protobuf connection; send binary frames, or connect with ?format=json"));
            return;
        }
        if (!(frame instanceof TextWebSocketFrame) && !(frame instanceof BinaryWebSocketFrame)) {
            out.add(new MalformedFrame("unexpected WebSocket frame " + frame.getClass().getSimpleName()));
            return;
        }
        try {
            out.add(FrameCodec.decode(frame.content(), format));
        } catch (final InvalidProtocolBufferException e) {
            out.add(new MalformedFrame("the frame does not decode as a ClientFrame: " + e.getMessage()));
        }
    }

    @Override
    protected void encode(final ChannelHandlerContext ctx, final ServerFrame frame, final List<Object> out) {
        final FrameFormat format = Formats.of(ctx.channel());
        if (format == FrameFormat.PROTOBUF) {
            out.add(new BinaryWebSocketFrame(FrameCodec.encode(frame, format, ctx.alloc())));
        } else {
            out.add(new TextWebSocketFrame(FrameCodec.encode(frame, format, ctx.alloc())));
        }
        if (frame.hasClose()) {
            final WebSocketCloseStatus status = frame.getClose().getCode() == CloseCode.SHUTTING_DOWN
                ? WebSocketCloseStatus.ENDPOINT_UNAVAILABLE : WebSocketCloseStatus.POLICY_VIOLATION;
            out.add(new CloseWebSocketFrame(status.code(), frame.getClose().getCode().name()));
        }
    }
}
