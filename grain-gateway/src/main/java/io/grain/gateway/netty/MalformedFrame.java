package io.grain.gateway.netty;

/** A frame that did not decode: passed up the pipeline instead of a ClientFrame so the connection can answer it. */
final class MalformedFrame {
    final String reason;

    MalformedFrame(final String reason) {
        this.reason = reason;
    }
}
