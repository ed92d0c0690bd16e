package io.grain.storage.jdbc.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.storage.GrainState;

import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class HolderGrain implements Holder, GrainLifecycle {
    private final GrainState<Profile> state;
    private String seenOnActivate;

    public HolderGrain(final GrainContext context) {
        state = context.state(Profile.class);
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        final Profile p = state.get();
        seenOnActivate = state.exists() ? p.name() + ":" + p.level() + "@" + state.etag() : "none";
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> seenOnActivate() {
        return CompletableFuture.completedFuture(seenOnActivate);
    }

    @Override
    public CompletableFuture<Profile> get() {
        return CompletableFuture.completedFuture(state.get());
    }

    @Override
    public CompletableFuture<Boolean> exists() {
        return CompletableFuture.completedFuture(state.exists());
    }

    @Override
    public CompletableFuture<String> etag() {
        return CompletableFuture.completedFuture(state.etag());
    }

    @Override
    public CompletableFuture<Void> set(final String name, final int level) {
        state.set(new Profile(name, level, List.of("set")));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> write() {
        return state.write().thenApply(v -> state.etag());
    }

    @Override
    public CompletableFuture<String> put(final String name, final int level) {
        state.set(new Profile(name, level, List.of("put")));
        return write();
    }

    @Override
    public CompletableFuture<Integer> addLevel(final int delta) {
        final Profile p = state.get();
        final Profile next = p == null ? new Profile("counter", delta, List.of()) : new Profile(p.name(), p.level() + delta, p.tags());
        state.set(next);
        return state.write().thenApply(v -> next.level());
    }

    @Override
    public CompletableFuture<Boolean> clear() {
        return state.clear().thenApply(v -> state.exists());
    }

    @Override
    public CompletableFuture<Profile> read() {
        return state.read();
    }

    @Override
    public CompletableFuture<String> writeBig(final int chars) {
        state.set(new Profile("x".repeat(chars), 1, List.of("big")));
        return write();
    }

    @Override
    public CompletableFuture<Integer> nameLength() {
        return CompletableFuture.completedFuture(state.get().name().length());
    }

    @Override
    public CompletableFuture<String> threadAfterWrite() {
        state.set(new Profile("thread", 1, List.of()));
        return state.write().thenApply(v -> Thread.currentThread().getName());
    }
}
