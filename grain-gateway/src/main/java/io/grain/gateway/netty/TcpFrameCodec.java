package io.grain.gateway.netty;

import com.google.protobuf.InvalidProtocolBufferException;
import io.grain.gateway.protocol.FrameCodec;
import io.grain.gateway.protocol.FrameFormat;
import io.grain.gateway.protocol.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;

import java.util.List;

/**
 * TCP frames (already cut by the length prefix) to and from gateway frames. The first frame of a
 * connection fixes its format: a frame whose first byte is '{' is JSON, anything else protobuf
 * (no ClientFrame's binary encoding can start with '{': that byte is field 15 with the start-group
 * wire type). Outgoing frames get a 4-byte big-endian length. One instance per connection.
 */
final class TcpFrameCodec extends MessageToMessageCodec<ByteBuf, ServerFrame> {
    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf frame, final List<Object> out) {
        FrameFormat format = ctx.channel().attr(Formats.FORMAT).get();
        if (format == null) {
            format = frame.isReadable() && frame.getByte(frame.readerIndex()) == '{' ? FrameFormat.JSON : FrameFormat.PROTOBUF;
            ctx.channel().attr(Formats.FORMAT).set(format);
        }
        try {
            out.add(FrameCodec.decode(frame, format));
        } catch (final InvalidProtocolBufferException e) {
            out.add(new MalformedFrame("the frame does not decode as a ClientFrame: " + e.getMessage()));
        }
    }

    @Override
    protected void encode(final ChannelHandlerContext ctx, final ServerFrame frame, final List<Object> out) {
        final ByteBuf body = FrameCodec.encode(frame, Formats.of(ctx.channel()), ctx.alloc());
        final ByteBuf header = ctx.alloc().buffer(4).writeInt(body.readableBytes());
        out.add(ctx.alloc().compositeBuffer(2).addComponents(true, header, body));
    }
}
