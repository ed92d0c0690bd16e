package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class CounterGrain implements Counter {
    private final GrainContext context;
    private int value;
    private final List<Integer> appended = new ArrayList<>();

    public CounterGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<Integer> add(final int delta) {
        value += delta;
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletableFuture<Integer> get() {
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public void append(final int v) {
        appended.add(v);
    }

    @Override
    public CompletableFuture<List<Integer>> appended() {
        return CompletableFuture.completedFuture(List.copyOf(appended));
    }

    @Override
    public CompletableFuture<Void> fail(final String message) {
        throw new IllegalStateException(message);
    }

    @Override
    public CompletableFuture<Void> appendTo(final String target, final int count) {
        final Counter other = context.grains().get(Counter.class, target);
        for (int i = 0; i < count; i++) {
            other.append(i);
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> mutate(final List<String> items) {
        items.add("mutated");
        return CompletableFuture.completedFuture(items.size());
    }

    @Override
    public CompletableFuture<Point> echo(final Point point) {
        return CompletableFuture.completedFuture(point);
    }

    @Override
    public CompletableFuture<String> threadsAcross(final String other) {
        final String before = Thread.currentThread().getName();
        return context.grains().get(Counter.class, other).add(1)
            .thenApply(v -> before + "|" + Thread.currentThread().getName());
    }

    @Override
    public CompletableFuture<Long> now() {
        return CompletableFuture.completedFuture(context.clock().millis());
    }

    @Override
    public CompletableFuture<Void> failLong(final int length) {
        return CompletableFuture.failedFuture(new IllegalStateException("y".repeat(length)));
    }

    @Override
    public CompletableFuture<String> text(final int length) {
        return CompletableFuture.completedFuture("x".repeat(length));
    }

    @Override
    public CompletableFuture<Void> retire() {
        context.deactivateOnIdle();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> addVia(final Counter other, final int delta) {
        return other.add(delta);
    }

    @Override
    public CompletableFuture<Counter> self() {
        return CompletableFuture.completedFuture(context.self(Counter.class));
    }
}
