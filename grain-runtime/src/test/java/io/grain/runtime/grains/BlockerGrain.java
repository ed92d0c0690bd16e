package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

public final class BlockerGrain implements Blocker {
    private final GrainContext context;

    public BlockerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<String> joinCall(final String callee) {
        return CompletableFuture.completedFuture(context.grains().get(Blocker.class, callee).name().join());
    }

    @Override
    public CompletableFuture<String> getDerived(final String callee) {
        try {
            return CompletableFuture.completedFuture(
                context.grains().get(Blocker.class, callee).name().thenApply(n -> n + "!").get());
        } catch (final InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public CompletableFuture<String> name() {
        return CompletableFuture.completedFuture(context.id().keyAsString());
    }

    @Override
    public CompletableFuture<String> waitFor(final String gate) {
        final String me = context.id().keyAsString();
        return Gates.gate(gate).thenApply(v -> {
            Gates.open(gate + "-ran", me);
            return v;
        });
    }
}
