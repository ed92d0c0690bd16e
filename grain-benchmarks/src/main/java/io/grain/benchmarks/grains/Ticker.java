package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain with one durable reminder, for the reminder benchmark; {@link #poke()} is the anchor's plain call. */
@Grain("ticker")
public interface Ticker {
    /** Registers reminder "tick"; completes when it is stored. */
    CompletableFuture<Void> arm(long dueMillis, long periodMillis);

    CompletableFuture<Void> poke();
}
