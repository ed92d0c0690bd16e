package io.grain.gateway.protocol;

/** Builds the small server frames; stateless. */
public final class Frames {
    private Frames() {
    }

    public static ServerFrame error(final int id, final ErrorCode code, final String message) {
        return ServerFrame.newBuilder().setError(Error.newBuilder().setId(id).setCode(code).setMessage(message == null ? "" : message))
            .build();
    }

    public static ServerFrame error(final Error error) {
        return ServerFrame.newBuilder().setError(error).build();
    }

    public static ServerFrame ping(final long nonce) {
        return ServerFrame.newBuilder().setPing(Ping.newBuilder().setNonce(nonce)).build();
    }

    public static ServerFrame pong(final long nonce) {
        return ServerFrame.newBuilder().setPong(Pong.newBuilder().setNonce(nonce)).build();
    }

    public static ServerFrame close(final CloseCode code, final String reason) {
        return ServerFrame.newBuilder().setClose(Close.newBuilder().setCode(code).setReason(reason)).build();
    }
}
