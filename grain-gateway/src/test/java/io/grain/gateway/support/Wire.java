package io.grain.gateway.support;

import io.grain.gateway.protocol.FrameFormat;

/** A transport and a format: every protocol test runs over each. */
public enum Wire {
    WEBSOCKET_PROTOBUF(true, FrameFormat.PROTOBUF),
    WEBSOCKET_JSON(true, FrameFormat.JSON),
    TCP_PROTOBUF(false, FrameFormat.PROTOBUF),
    TCP_JSON(false, FrameFormat.JSON);

    public final boolean webSocket;
    public final FrameFormat format;

    Wire(final boolean webSocket, final FrameFormat format) {
        this.webSocket = webSocket;
        this.format = format;
    }
}
