package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;

public final class DeadlinesGrain implements Deadlines {
    private final GrainContext context;

    public DeadlinesGrain(final GrainContext context) {
        this.context = context;
    }

    private CompletableFuture<String> await(final String tag) {
        return Trace.gate(tag).thenApplyAsync(t -> t, context.executor());
    }

    @Override
    public CompletableFuture<String> brief(final String tag) {
        return await(tag);
    }

    @Override
    public CompletableFuture<String> medium(final String tag) {
        return await(tag);
    }

    @Override
    public CompletableFuture<String> standard(final String tag) {
        return await(tag);
    }

    @Override
    public CompletableFuture<String> callAndRecord(final String callee, final String method, final String tag) {
        final Deadlines target = context.grains().get(Deadlines.class, callee);
        final CompletableFuture<String> call = switch (method) {
            case "brief" -> target.brief(tag);
            case "medium" -> target.medium(tag);
            case "standard" -> target.standard(tag);
            default -> throw new IllegalArgumentException("no method " + method);
        };
        return call.handle((value, error) -> {
            final String outcome = error == null ? "replied " + value
                : error instanceof TimeoutException ? "timed out" : "failed " + error;
            Trace.add(tag + " " + outcome);
            return outcome;
        });
    }
}
