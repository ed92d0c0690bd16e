package io.grain.runtime.grains;

import io.grain.annotation.Grain;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A grain keyed by its owner id that keeps the owner's items as rows of the "inventory" table. */
@Grain("inventory")
public interface Inventory {
    /** Inserts a new item; fails with DuplicateRecordException when the owner has it already. */
    CompletableFuture<Void> add(long itemId, String kind, int count);

    CompletableFuture<Void> put(long itemId, String kind, int count);

    /** The count of an item, or -1. */
    CompletableFuture<Integer> count(long itemId);

    /** "itemId:kind:count" of every item, in item order. */
    CompletableFuture<List<String>> list();

    CompletableFuture<Boolean> remove(long itemId);

    CompletableFuture<Integer> removeAll();

    /** The thread the continuation of a record operation ran on. */
    CompletableFuture<String> threadAfterGet();

    /** Looks an item up with an int where the table wants a long (a mistake). */
    CompletableFuture<Integer> countWithIntKey(int itemId);
}
