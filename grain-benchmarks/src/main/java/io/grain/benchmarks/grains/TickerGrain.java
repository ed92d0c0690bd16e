package io.grain.benchmarks.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.Remindable;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

public final class TickerGrain implements Ticker, Remindable {
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final GrainContext context;

    public TickerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<Void> arm(final long dueMillis, final long periodMillis) {
        return context.reminders().register("tick", Duration.ofMillis(dueMillis), Duration.ofMillis(periodMillis));
    }

    @Override
    public CompletableFuture<Void> poke() {
        return DONE;
    }

    @Override
    public CompletableFuture<Void> onReminder(final String name) {
        return DONE;
    }
}
