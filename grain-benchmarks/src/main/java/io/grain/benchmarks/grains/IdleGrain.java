package io.grain.benchmarks.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

/** No fields at all, so the heap an activation takes is the runtime's own overhead. */
public final class IdleGrain implements Idle {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    public IdleGrain(final GrainContext context) {
        // keeps nothing
    }

    @Override
    public CompletableFuture<Void> touch() {
        return DONE;
    }
}
