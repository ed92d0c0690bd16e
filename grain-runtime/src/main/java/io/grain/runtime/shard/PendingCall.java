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
    long timerId;
    GrainMethod method;
    Object target;

    void clear() {
        future = null;
        decoder = null;
        callerActivation = null;
        method = null;
        target = null;
    }
}
