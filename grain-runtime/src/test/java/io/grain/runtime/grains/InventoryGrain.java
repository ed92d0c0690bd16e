package io.grain.runtime.grains;

import io.grain.runtime.GrainContext;
import io.grain.storage.RecordStore;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

public final class InventoryGrain implements Inventory {
    private final long owner;
    private final RecordStore<Item> items;
    private int lookups;

    public InventoryGrain(final GrainContext context) {
        owner = context.id().longKey();
        items = context.records(ItemStoredType.INSTANCE);
    }

    @Override
    public CompletableFuture<Void> add(final long itemId, final String kind, final int count) {
        return items.insert(new Item(owner, itemId, kind, count));
    }

    @Override
    public CompletableFuture<Void> put(final long itemId, final String kind, final int count) {
        return items.upsert(new Item(owner, itemId, kind, count));
    }

    @Override
    public CompletableFuture<Integer> count(final long itemId) {
        return items.get(owner, itemId).thenApply(item -> item.map(Item::count).orElse(-1));
    }

    @Override
    public CompletableFuture<List<String>> list() {
        return items.query(owner).thenApply(rows -> rows.stream()
            .map(i -> i.itemId() + ":" + i.kind() + ":" + i.count())
            .collect(Collectors.toList()));
    }

    @Override
    public CompletableFuture<Boolean> remove(final long itemId) {
        return items.delete(owner, itemId);
    }

    @Override
    public CompletableFuture<Integer> removeAll() {
        return items.delete(owner);
    }

    @Override
    public CompletableFuture<String> threadAfterGet() {
        return items.get(owner, 1L).thenApply(item -> {
            lookups++; // grain state touched in the continuation
            return Thread.currentThread().getName();
        });
    }

    @Override
    public CompletableFuture<Integer> countWithIntKey(final int itemId) {
        return items.get(owner, itemId).thenApply(item -> item.map(Item::count).orElse(-1));
    }
}
