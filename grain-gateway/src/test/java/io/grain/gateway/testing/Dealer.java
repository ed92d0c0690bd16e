package io.grain.gateway.testing;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** A grain that pushes to players through the typed observer {@link TableEvents}. */
@Grain("dealer")
public interface Dealer {
    /** Pushes {@code rounds} {@code dealt} events to {@code player}, rounds 1..n in order. */
    @ClientCallable
    CompletableFuture<Void> deal(String player, String table, int rounds);

    /** Pushes one {@code scored} event to {@code player}. */
    CompletableFuture<Void> score(String player, long score);
}
