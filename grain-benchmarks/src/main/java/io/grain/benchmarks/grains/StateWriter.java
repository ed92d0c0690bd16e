package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain that stores its state on every call, for the state-writes scenario. */
@Grain("state-writer")
public interface StateWriter {
    /** Sets the state to {@code value} and completes once the write is durable. */
    CompletableFuture<Void> store(long value);
}
