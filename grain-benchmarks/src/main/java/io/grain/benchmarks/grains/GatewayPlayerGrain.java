package io.grain.benchmarks.grains;

import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class GatewayPlayerGrain implements GatewayPlayer {
    private final GrainContext context;
    private int seq;

    public GatewayPlayerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<Integer> echo(final int value) {
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletableFuture<Integer> burst(final String player, final int count) {
        final Ticks ticks = Pushes.observer(context.grains(), Ticks.class, player);
        for (int i = 0; i < count; i++) {
            ticks.tick(++seq);
        }
        return CompletableFuture.completedFuture(count);
    }
}
