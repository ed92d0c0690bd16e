package io.grain.gateway.testing;

import io.grain.gateway.push.Pushes;
import io.grain.runtime.GrainContext;

import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class DealerGrain implements Dealer {
    private final GrainContext context;

    public DealerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<Void> deal(final String player, final String table, final int rounds) {
        final TableEvents events = Pushes.observer(context.grains(), TableEvents.class, player);
        for (int round = 1; round <= rounds; round++) {
            events.dealt(table, round, List.of("card" + round, "card" + (round + 1)));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> score(final String player, final long score) {
        Pushes.observer(context.grains(), TableEvents.class, player).scored(player, score);
        return CompletableFuture.completedFuture(null);
    }
}
