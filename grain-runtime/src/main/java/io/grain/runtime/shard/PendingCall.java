package io.grain.runtime.shard;

import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.ReplyDecoder;

import java.util.concurrent.CompletableFuture;

/** A call of this shard waiting for its reply; pooled per shard, owned by the shard thread. */
final class PendingCall {
    long correlationId;
    CompletableFuture<Object> future;
    ReplyDecoder<?> decoder;
    boolean outside;
    Activation callerActivation;
    long chainId;
    int targetMember;
    /** When this call times out; set by {@link CallTimeouts}. */
    long deadline;
    /** The FIFO of {@link CallTimeouts} this call waits in, and its neighbours there; null when in none. */
    CallTimeouts.Fifo fifo;
    PendingCall previous;
    PendingCall next;
    GrainMethod method;
    Object target;

    void clear() {
        future = null;
        decoder = null;
        callerActivation = null;
        method = null;
        target = null;
        fifo = null;
        previous = null;
        next = null;
    }
}
