package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.runtime.Remindable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers reminders on request; each tick is traced as {@code tick <key> <name> @<millis>}.
 * A reminder named {@code once} unregisters itself on its first tick.
 */
public final class AlarmGrain implements Alarm, Remindable, GrainLifecycle {
    /** The next N ticks fail their future. */
    public static final AtomicInteger FAIL_TICKS = new AtomicInteger();

    private final GrainContext context;
    private int ticks;

    public AlarmGrain(final GrainContext context) {
        this.context = context;
    }

    private String me() {
        return context.id().keyAsString();
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        Trace.add("activate " + me() + " @" + context.clock().millis());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onDeactivate() {
        Trace.add("deactivate " + me() + " @" + context.clock().millis());
        return CompletableFuture.completedFuture(null);
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
        return context.reminders().names().thenApply(ArrayList::new);
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
        return CompletableFuture.completedFuture(ticks);
    }

    @Override
    public CompletableFuture<Void> onReminder(final String name) {
        ticks++;
        Trace.add("tick " + me() + " " + name + " @" + context.clock().millis());
        if (FAIL_TICKS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("tick refused"));
        }
        if (name.equals("once")) {
            return context.reminders().unregister(name);
        }
        return CompletableFuture.completedFuture(null);
    }
}
