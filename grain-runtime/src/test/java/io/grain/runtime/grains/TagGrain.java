package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class TagGrain implements Tag {
    private final GrainContext context;

    public TagGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<String> key() {
        return CompletableFuture.completedFuture(context.id().stringKey());
    }
}
