package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

public final class LifeGrain implements Life, GrainLifecycle {
    /** Activations to fail: the next N constructions throw. */
    public static final AtomicInteger FAIL_CONSTRUCTIONS = new AtomicInteger();
    /** The next N onActivate calls fail their future. */
    public static final AtomicInteger FAIL_ACTIVATIONS = new AtomicInteger();

    private final GrainContext context;
    private int touches;
    private int ticks;

    public LifeGrain(final GrainContext context) {
        if (FAIL_CONSTRUCTIONS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException("constructor refused " + context.id());
        }
        this.context = context;
    }

    private String me() {
        return context.id().keyAsString();
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        Trace.add("activate " + me() + " @" + context.clock().millis());
        if (FAIL_ACTIVATIONS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("onActivate refused " + me()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onDeactivate() {
        Trace.add("deactivate " + me() + " @" + context.clock().millis());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> touch() {
        return CompletableFuture.completedFuture(++touches);
    }

    @Override
    public CompletableFuture<Void> tickEvery(final long periodMillis) {
        context.timers().every(Duration.ofMillis(periodMillis), Duration.ofMillis(periodMillis), () -> {
            ticks++;
            Trace.add("tick " + me() + " " + ticks + " @" + context.clock().millis());
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> alarmIn(final long delayMillis) {
        context.timers().once(Duration.ofMillis(delayMillis), () -> Trace.add("alarm " + me() + " @" + context.clock().millis()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> ticks() {
        return CompletableFuture.completedFuture(ticks);
    }

    @Override
    public CompletableFuture<Void> retire() {
        context.deactivateOnIdle();
        return CompletableFuture.completedFuture(null);
    }
}
