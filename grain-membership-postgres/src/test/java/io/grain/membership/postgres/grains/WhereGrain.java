package io.grain.membership.postgres.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class WhereGrain implements Where {
    private final int memberId;
    private int total;

    public WhereGrain(final GrainContext context, final int memberId) {
        this.memberId = memberId;
    }

    @Override
    public CompletableFuture<Integer> host() {
        return CompletableFuture.completedFuture(memberId);
    }

    @Override
    public CompletableFuture<Integer> add(final int delta) {
        total += delta;
        return CompletableFuture.completedFuture(total);
    }
}
