package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.MemberReply;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

public final class SummaryGrain implements Summary {
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final GrainContext context;
    private final int instance = INSTANCES.incrementAndGet();
    private final List<String> notes = new ArrayList<>();
    private int asked;

    public SummaryGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<String> who() {
        return CompletableFuture.completedFuture(instance + "#" + ++asked);
    }

    @Override
    public void note(final String text) {
        notes.add(text);
    }

    @Override
    public CompletableFuture<List<String>> notes() {
        return CompletableFuture.completedFuture(List.copyOf(notes));
    }

    @Override
    public CompletableFuture<String> waitFor(final String gate) {
        return Trace.gate(gate).thenApplyAsync(g -> "opened " + g, context.executor());
    }

    @Override
    public CompletableFuture<String> gather(final String leaf) {
        final Thread shard = Thread.currentThread();
        return context.everyMember().call(Summary.class, leaf, Summary::who).thenApply(replies -> {
            if (Thread.currentThread() != shard) {
                throw new IllegalStateException("every-member replies completed off the activation's thread");
            }
            return replies.stream().map(r -> r.member() + "=" + (r.ok() ? "ok" : "failed")).collect(Collectors.joining(","));
        });
    }
}
