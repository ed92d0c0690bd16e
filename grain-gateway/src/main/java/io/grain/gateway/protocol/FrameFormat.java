package io.grain.gateway.protocol;

/** How the frames of one connection are encoded, chosen when connecting (docs/GATEWAY.md, "Formats"). */
public enum FrameFormat {
    /** The binary Protobuf encoding of {@code ClientFrame} and {@code ServerFrame}. */
    PROTOBUF,
    /** The canonical proto3 JSON mapping of the frames, UTF-8. */
    JSON;

    /**
     * The format named by a WebSocket URL's {@code format} parameter: {@code protobuf} (also the
     * default, when absent) or {@code json}; null for anything else.
     */
    public static FrameFormat fromParameter(final String value) {
        if (value == null || value.equals("protobuf")) {
            return PROTOBUF;
        }
        if (value.equals("json")) {
            return JSON;
        }
        return null;
    }
}
