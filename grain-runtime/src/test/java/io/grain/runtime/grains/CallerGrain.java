package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;

public final class CallerGrain implements Caller {
    private final GrainContext context;

    public CallerGrain(final GrainContext context) {
        this.context = context;
    }

    @Override
    public CompletableFuture<String> callThen(final String other) {
        final CompletableFuture<String> answer = context.grains().get(Caller.class, other).note("callee");
        Trace.add("caller after call");
        return answer.thenApply(r -> {
            Trace.add("caller got " + r);
            return r;
        });
    }

    @Override
    public CompletableFuture<String> note(final String tag) {
        Trace.add("note " + tag + " on " + context.id().keyAsString());
        return CompletableFuture.completedFuture(tag);
    }
}
