package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class ChainGrain implements Chain {
    private final GrainContext context;

    public ChainGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<String> relay(final List<String> path) {
        final String me = context.id().keyAsString();
        Trace.add("relay " + me);
        if (path.isEmpty()) {
            return CompletableFuture.completedFuture(me);
        }
        return context.grains().get(Chain.class, path.get(0)).relay(path.subList(1, path.size()))
            .thenApply(rest -> me + ">" + rest);
    }
}
