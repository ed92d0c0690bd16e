package io.grain.benchmarks.grains;

import io.grain.annotation.Grain;
import io.grain.annotation.Timeout;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Drives grain -> grain calls from inside a grain: the same-shard and cross-shard scenarios. */
@Grain("pinger")
public interface Pinger {
    /**
     * Calls {@code Echo.echo} {@code count} times on the echo grains with the given keys (round
     * robin), at most {@code window} at once; completes with the number of failed calls once all
     * have completed.
     */
    @Timeout(millis = 300_000) // one call drives millions: far longer than the default timeout
    CompletableFuture<Long> drive(List<Long> targetKeys, int count, int window);
}
