package io.grain.gateway.testing;

import io.grain.annotation.ClientCallable;
import io.grain.annotation.Grain;

import java.util.concurrent.CompletableFuture;

/** Client-callable as a whole; keyed by long. */
@Grain("lobby")
@ClientCallable
public interface Lobby {
    CompletableFuture<Integer> join(String player);
}
