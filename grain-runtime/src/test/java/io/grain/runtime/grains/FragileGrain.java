package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.storage.GrainState;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** {@link Fragile}: its state is a {@link PlayerData} whose rating is the value. */
public final class FragileGrain implements Fragile, GrainLifecycle {
    /** The next N onActivate calls fail. */
    public static final AtomicInteger FAIL_ACTIVATIONS = new AtomicInteger();

    private final GrainContext context;
    private final GrainState<PlayerData> state;
    private int bumps;

    public FragileGrain(final GrainContext context) {
        this.context = context;
        this.state = context.state(PlayerDataStoredType.INSTANCE);
    }

    private String me() {
        return context.id().keyAsString();
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        Trace.add("activate " + me());
        if (FAIL_ACTIVATIONS.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("onActivate refused " + me()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onDeactivate() {
        Trace.add("deactivate " + me());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> bump() {
        return CompletableFuture.completedFuture(++bumps);
    }

    @Override
    public CompletableFuture<Integer> fail(final String how) {
        switch (how) {
            case "exception": throw new IllegalStateException("broken " + me());
            case "error": throw new Error("fatal " + me());
            default: return CompletableFuture.failedFuture(new IllegalArgumentException("failed " + me()));
        }
    }

    @Override
    public CompletableFuture<Integer> failLater(final String gate) {
        return Trace.gate(gate).thenApplyAsync(g -> {
            throw new IllegalStateException("failed later " + me());
        }, context.executor());
    }

    @Override
    public CompletableFuture<Void> save(final int value) {
        state.set(new PlayerData(me(), value, List.of()));
        return state.write();
    }

    @Override
    public CompletableFuture<Void> setUnsaved(final int value) {
        state.set(new PlayerData(me(), value, List.of()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Integer> value() {
        return CompletableFuture.completedFuture(state.exists() ? state.get().rating() : -1);
    }
}
