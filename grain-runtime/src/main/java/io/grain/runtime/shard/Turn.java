package io.grain.runtime.shard;

import io.grain.runtime.dispatch.GrainMethod;
import io.grain.runtime.envelope.Envelope;
import io.grain.runtime.observe.TraceContext;

import java.util.function.BiConsumer;

/**
 * A request running on an activation: from the start of its method until its returned future
 * completes. Pooled per shard. When the future completes off the shard thread, the turn hops back
 * through the shard's queue.
 */
final class Turn implements BiConsumer<Object, Throwable>, ShardTask {
    ShardAgent shard;
    Activation activation;
    Envelope envelope;
    GrainMethod method;
    long chainId;
    Turn nextRunning;
    Object result;
    Throwable error;
    /** The request's own trace context (its span, or its caller's when nobody traces here): what its calls carry. */
    final TraceContext trace = new TraceContext();
    /** What the tracer needs to end this request's span, or null. */
    Object traceHandle;
    /** When the request reached this shard (observed members only), for its call duration. */
    long arrivalNanos;

    @Override
    public void accept(final Object value, final Throwable failure) {
        if (shard.runsHere()) {
            shard.inbound.finishTurn(this, value, failure);
        } else {
            result = value;
            error = failure;
            shard.offerTask(this);
        }
    }

    @Override
    public void runOnShard(final ShardAgent shard) {
        final Object value = result;
        final Throwable failure = error;
        result = null;
        error = null;
        shard.inbound.finishTurn(this, value, failure);
    }

    void clear() {
        activation = null;
        envelope = null;
        method = null;
        nextRunning = null;
        result = null;
        error = null;
        trace.clear();
        traceHandle = null;
        arrivalNanos = 0;
    }
}
