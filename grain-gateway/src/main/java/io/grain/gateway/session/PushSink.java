package io.grain.gateway.session;

/**
 * Where pushes to connected clients go in: a grain's observer call, once the runtime routes it to
 * the gateway that holds the player, ends here. Thread safe; never blocks and never throws for a
 * principal that is not connected.
 */
public interface PushSink {
    /** What became of a push. */
    enum Outcome {
        /** Written to the principal's connection. */
        SENT,
        /** The principal's session is between connections (in its grace period): kept for a resume. */
        KEPT,
        /** The principal has no session here: dropped and counted. */
        DROPPED
    }

    /**
     * Pushes {@code payload} (the binary message of observer method {@code method}) to
     * {@code principal}.
     *
     * @param observer the observer kind, e.g. {@code match_events}.
     * @param method   the observer method's rpc name, e.g. {@code MatchFound}.
     * @throws IllegalArgumentException when the gateway knows no such observer method.
     */
    Outcome push(String principal, String observer, String method, byte[] payload);
}
