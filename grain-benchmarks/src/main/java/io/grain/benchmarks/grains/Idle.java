package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain with no state, for the activation-rate and heap-per-activation scenario. */
@Grain("idle")
public interface Idle {
    CompletableFuture<Void> touch();
}
