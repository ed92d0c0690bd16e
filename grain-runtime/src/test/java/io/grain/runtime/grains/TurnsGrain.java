package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

/** Records the start and end of every turn, ending each when the test opens its gate. */
public final class TurnsGrain implements Turns, ReentrantTurns {
    private final GrainContext context;

    public TurnsGrain(final GrainContext context) {
        this.context = context;
    }

    private CompletableFuture<String> run(final String what, final String tag) {
        Trace.add("start " + what + " " + tag);
        return Trace.gate(tag).thenApplyAsync(t -> {
            Trace.add("end " + what + " " + tag);
            return context.id().keyAsString() + ":" + t;
        }, context.executor());
    }

    @Override
    public CompletableFuture<String> hold(final String tag) {
        return run("hold", tag);
    }

    @Override
    public CompletableFuture<String> read(final String tag) {
        return run("read", tag);
    }

    @Override
    public CompletableFuture<String> poke(final String tag) {
        return run("poke", tag);
    }

    @Override
    public CompletableFuture<String> quick(final String tag) {
        return run("quick", tag);
    }
}
