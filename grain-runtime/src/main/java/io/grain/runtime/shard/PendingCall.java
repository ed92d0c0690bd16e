package io.grain.runtime.shard;

import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.dispatch.ReplyDecoder;

import java.util.concurrent.CompletableFuture;

/**
 * A call of this shard waiting for its reply, in its slot of {@link PendingCalls}: the slot's
 * object for good, reused by each generation. Owned by the shard thread.
 */
final class PendingCall {
    /** Its index in {@link PendingCalls}. */
    final int slot;
    /** How many calls this slot has held; part of {@link #correlationId}. */
    long generation;
    /** True from registration until the reply, timeout or failure that ends the call. */
    boolean waiting;
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

    PendingCall(final int slot) {
        this.slot = slot;
    }

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
