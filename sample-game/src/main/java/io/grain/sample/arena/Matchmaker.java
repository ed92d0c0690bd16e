package io.grain.sample.arena;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;
import io.grain.annotation.KeyType;
import io.grain.annotation.ReadOnly;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Queues players and forms matches of similar rating, keyed by region. A player enqueues, then asks
 * for its assignment until it gets a match id.
 */
@Grain(value = "matchmaker", key = KeyType.LONG)
public interface Matchmaker {
    /** The key of the one region the sample runs. */
    long DEFAULT_REGION = 0;

    CompletableFuture<Void> enqueue(String player, int rating);

    /** The match this player was put in since it last enqueued, if any yet. */
    @ReadOnly
    CompletableFuture<Optional<Long>> assignment(String player);

    /** Players waiting right now. */
    @ClientCallable
    @ReadOnly
    CompletableFuture<Integer> waiting();
}
