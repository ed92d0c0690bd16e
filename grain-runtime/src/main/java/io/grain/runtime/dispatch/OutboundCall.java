package io.grain.runtime.dispatch;

import io.grain.runtime.wire.ProtoWriter;

import java.util.concurrent.CompletableFuture;

/**
 * A call being built by a generated client: arguments go into {@link #arguments()} as the fields
 * of the method's request message, or, when {@link #passesReferences()}, arguments that the
 * processor proved immutable go by reference through {@link #reference(int, Object)} and are left
 * out of the message. Exactly one of {@link #request}, {@link #send()} or {@link #abandon} ends the
 * call; after that the object belongs to the runtime again (it is pooled).
 */
public interface OutboundCall {
    /** True when the callee runs in this process, so immutable arguments need no copy. */
    boolean passesReferences();

    /**
     * Makes this call carry every argument in its request message, even to a callee in this
     * process, so that {@link #passesReferences()} is false from now on. For callers that hold
     * only encoded messages (a gateway appends a client's request message as it came); call it
     * before writing the arguments. An implementation that never passes references needs nothing.
     */
    default void encodeArguments() {
        if (passesReferences()) {
            throw new UnsupportedOperationException(getClass().getName() + " passes references and cannot encode them");
        }
    }

    /** Passes argument {@code index} (0-based parameter position) by reference. */
    void reference(int index, Object value);

    /** The request message being written. */
    ProtoWriter arguments();

    /** Sends a request; the future completes with the decoded (or passed) result, or fails. */
    <R> CompletableFuture<R> request(ReplyDecoder<R> replyDecoder);

    /** Sends a one-way call. */
    void send();

    /**
     * Gives the call up because its arguments could not be encoded, and returns a future failed
     * with {@code cause}, so a call that cannot start still completes.
     */
    <R> CompletableFuture<R> abandon(Throwable cause);
}
