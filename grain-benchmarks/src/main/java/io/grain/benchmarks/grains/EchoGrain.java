package io.grain.benchmarks.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

/** Stateless echo. */
public final class EchoGrain implements Echo {
    public EchoGrain(final GrainContext context) {
        // no state: the benchmark measures the runtime, not the grain
    }

    @Override
    public CompletableFuture<Integer> echo(final int value) {
        return CompletableFuture.completedFuture(value);
    }
}
