package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;
import io.grain.runtime.GrainLifecycle;
import io.grain.storage.GrainState;

import java.util.List;
import java.util.concurrent.CompletableFuture;

public final class KeeperGrain implements Keeper, GrainLifecycle {
    private final GrainContext context;
    private final GrainState<PlayerData> state;
    private final GrainState<PlayerData> backup;

    public KeeperGrain(final GrainContext context) {
        this.context = context;
        state = context.state(PlayerDataStoredType.INSTANCE);
        backup = context.state("backup", PlayerDataStoredType.INSTANCE);
    }

    private String me() {
        return context.id().keyAsString();
    }

    private PlayerData current() {
        final PlayerData d = state.get();
        return d != null ? d : new PlayerData(me(), 1000, List.of());
    }

    @Override
    public CompletableFuture<Void> onActivate() {
        final PlayerData d = state.get();
        Trace.add("activate " + me() + " " + (state.exists() ? d.name() + ":" + d.rating() : "none"));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> onDeactivate() {
        Trace.add("deactivate " + me());
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<PlayerData> data() {
        return CompletableFuture.completedFuture(state.get());
    }

    @Override
    public CompletableFuture<Integer> addRating(final int delta) {
        final PlayerData d = current();
        state.set(new PlayerData(d.name(), d.rating() + delta, d.badges()));
        return state.write().thenApply(v -> state.get().rating());
    }

    @Override
    public CompletableFuture<Void> rename(final String name) {
        final PlayerData d = current();
        state.set(new PlayerData(name, d.rating(), d.badges()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<String> etag() {
        return CompletableFuture.completedFuture(state.etag());
    }

    @Override
    public CompletableFuture<String> writeOnThread(final int rating) {
        state.set(new PlayerData(me(), rating, List.of()));
        return state.write().thenApply(v -> {
            // grain state touched after write(): only safe on the activation's thread
            state.set(new PlayerData(me(), rating + 1, List.of()));
            return Thread.currentThread().getName();
        });
    }

    @Override
    public CompletableFuture<String> threeWrites() {
        state.set(new PlayerData(me(), 1, List.of()));
        final CompletableFuture<Void> first = state.write();
        state.set(new PlayerData(me(), 2, List.of()));
        final CompletableFuture<Void> second = state.write();
        state.set(new PlayerData(me(), 3, List.of()));
        final CompletableFuture<Void> third = state.write();
        return CompletableFuture.allOf(first, second, third).thenApply(v -> (second == third) + " " + state.get().rating());
    }

    @Override
    public CompletableFuture<Boolean> clear() {
        return state.clear().thenApply(v -> state.exists());
    }

    @Override
    public CompletableFuture<PlayerData> reread() {
        return state.read();
    }

    @Override
    public CompletableFuture<String> writeBig(final int chars) {
        state.set(new PlayerData("x".repeat(chars), 1, List.of()));
        return state.write().thenApply(v -> state.etag());
    }

    @Override
    public CompletableFuture<Integer> nameLength() {
        return CompletableFuture.completedFuture(state.get().name().length());
    }

    @Override
    public CompletableFuture<Void> backup(final int rating) {
        backup.set(new PlayerData("backup of " + me(), rating, List.of()));
        return backup.write();
    }

    @Override
    public CompletableFuture<PlayerData> backupData() {
        return CompletableFuture.completedFuture(backup.get());
    }

    @Override
    public CompletableFuture<String> writeThenAskBack(final String other) {
        state.set(current());
        return state.write().thenCompose(v -> context.grains().get(Keeper.class, other).askBack(me()));
    }

    @Override
    public CompletableFuture<String> upsertThenAskBack(final String other) {
        return context.records(ItemStoredType.INSTANCE).upsert(new Item(1, 1, "note", 1))
            .thenCompose(v -> context.grains().get(Keeper.class, other).askBack(me()));
    }

    @Override
    public CompletableFuture<String> askBack(final String caller) {
        return context.grains().get(Keeper.class, caller).etag();
    }

    @Override
    public CompletableFuture<Void> addRatingLater(final long millis) {
        context.timers().once(java.time.Duration.ofMillis(millis), () -> {
            final PlayerData d = current();
            state.set(new PlayerData(d.name(), d.rating() + 1, d.badges()));
            state.write().whenComplete((v, e) -> Trace.add("timer write " + me() + " " + (e == null ? "ok" : e.getClass().getSimpleName())));
        });
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> lateState() {
        context.state("late", PlayerDataStoredType.INSTANCE);
        return CompletableFuture.completedFuture(null);
    }
}
