package io.grain.gateway.netty;

import io.grain.gateway.protocol.FrameFormat;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

/** The frame format of a connection, a channel attribute set once when it is known. */
final class Formats {
    static final AttributeKey<FrameFormat> FORMAT = AttributeKey.valueOf("grain.gateway.format");

    private Formats() {
    }

    /** The connection's format; protobuf until it is known (a TCP connection before its first frame). */
    static FrameFormat of(final Channel channel) {
        final FrameFormat format = channel.attr(FORMAT).get();
        return format != null ? format : FrameFormat.PROTOBUF;
    }
}
