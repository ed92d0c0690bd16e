package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An {@link Alarm} that registers reminders but does not implement {@code Remindable}. */
public final class ForgetfulAlarmGrain implements Alarm {
    private final GrainContext context;

    public ForgetfulAlarmGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<Void> remind(final String name, final long dueMillis, final long periodMillis) {
        return context.reminders().register(name, Duration.ofMillis(dueMillis), Duration.ofMillis(periodMillis));
    }

    @Override
    public CompletableFuture<Void> forget(final String name) {
        return context.reminders().unregister(name);
    }

    @Override
    public CompletableFuture<List<String>> names() {
        return CompletableFuture.completedFuture(List.of());
    }

    @Override
    public CompletableFuture<Void> hold(final String gate) {
        Trace.add("hold " + gate);
        return Trace.gate(gate).thenApplyAsync(g -> {
            Trace.add("release " + g);
            return null;
        }, context.executor());
    }

    @Override
    public CompletableFuture<Integer> ticks() {
        return CompletableFuture.completedFuture(0);
    }
}
