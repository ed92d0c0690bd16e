package io.grain.gateway.session;

/**
 * The side of a client connection that its session talks to. Implemented by the gateway's
 * connection handler; every method may be called from any thread and returns at once.
 */
public interface SessionConnection {
    /** Writes {@code push} to the client (in the connection's format). */
    void deliver(KeptPush push);

    /** Another connection took over the session's principal: send Close(REPLACED) and close. */
    void replaced();
}
