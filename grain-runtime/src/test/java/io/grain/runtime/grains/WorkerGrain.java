package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

public final class WorkerGrain implements Worker {
    public static final AtomicInteger CREATED = new AtomicInteger();

    private final GrainContext context;
    private final int serial = CREATED.incrementAndGet();

    public WorkerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<String> work(final String tag) {
        Trace.add("worker " + serial + " " + tag);
        return Trace.gate(tag).thenApplyAsync(t -> "w" + serial, context.executor());
    }
}
