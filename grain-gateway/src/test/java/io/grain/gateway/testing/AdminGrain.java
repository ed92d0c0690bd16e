package io.grain.gateway.testing;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class AdminGrain implements Admin {
    public AdminGrain(final GrainContext context) {
    }

    @Override
    public CompletableFuture<String> secret() {
        return CompletableFuture.completedFuture("the secret");
    }
}
