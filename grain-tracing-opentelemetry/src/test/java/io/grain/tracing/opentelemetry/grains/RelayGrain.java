package io.grain.tracing.opentelemetry.grains;

import io.grain.runtime.GrainContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class RelayGrain implements Relay {
    private final GrainContext context;

    public RelayGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<String> relay(final List<String> path) {
        final String me = context.id().keyAsString();
        if (path.isEmpty()) {
            return CompletableFuture.completedFuture(me);
        }
        return context.grains().get(Relay.class, path.get(0)).relay(path.subList(1, path.size())).thenApply(rest -> me + ">" + rest);
    }

    @Override
    public CompletableFuture<Void> fail(final String message) {
        return CompletableFuture.failedFuture(new IllegalStateException(message));
    }
}
