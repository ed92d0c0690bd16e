package io.grain.gateway.testing;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class LobbyGrain implements Lobby {
    private int members;

    public LobbyGrain(final GrainContext context) {
    }

    @Override
    public CompletableFuture<Integer> join(final String player) {
        return CompletableFuture.completedFuture(++members);
    }
}
