package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain whose state is stored before the run, for the stored-activations scenario. */
@Grain("state-loader")
public interface StateLoader {
    /** The loaded state's value; fails when the activation found no stored state. */
    CompletableFuture<Long> loaded();
}
