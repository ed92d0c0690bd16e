package io.grain.metrics.micrometer.grains;

import io.grain.runtime.GrainContext;
import io.grain.storage.GrainState;

import java.util.concurrent.CompletableFuture;

public final class GreeterGrain implements Greeter {
    private final GrainState<Greetings> state;

    public GreeterGrain(final GrainContext context) {
        state = context.state(GreetingsStoredType.INSTANCE);
    }

    @Override
    public CompletableFuture<String> hello(final String name) {
        final int count = (state.exists() ? state.get().count() : 0) + 1;
        state.set(new Greetings(count));
        return state.write().thenApply(v -> "hello " + name + " #" + count);
    }

    @Override
    public CompletableFuture<Integer> count() {
        return CompletableFuture.completedFuture(state.exists() ? state.get().count() : 0);
    }

    @Override
    public CompletableFuture<Void> fail(final String message) {
        return CompletableFuture.failedFuture(new IllegalStateException(message));
    }
}
