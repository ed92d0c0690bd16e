package io.grain.storage;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The rows of one {@code @Stored} table keyed by {@code (key, subkey)}, Koala-style. Keys are the
 * record's own components (a {@code Long}, {@code Integer}, {@code String} or {@code UUID}, as the
 * record declares them); a key of another type, a null key, a subkey given to a table without one
 * or missing for a table with one throws {@link IllegalArgumentException} at once, naming the
 * table, the key component and the expected and given types.
 *
 * <p>Thread ownership: any thread. A store got from a grain's context completes its futures on
 * that activation's thread; one got from a member or a test cluster completes them on the
 * storage's own threads.
 *
 * @param <T> a {@code @Stored} record with a key
 */
public interface RecordStore<T> {
    /** Inserts or replaces the row with the record's keys. */
    CompletableFuture<Void> upsert(T record);

    /** Inserts the row; fails with {@link DuplicateRecordException} when a row with its keys exists. */
    CompletableFuture<Void> insert(T record);

    /** The row with this key, for a table without a subkey. */
    CompletableFuture<Optional<T>> get(Object key);

    /** The row with these keys, for a table with a subkey. */
    CompletableFuture<Optional<T>> get(Object key, Object subkey);

    /** Every row with this key, in subkey order. */
    CompletableFuture<List<T>> query(Object key);

    /** Deletes every row with this key; completes with how many there were. */
    CompletableFuture<Integer> delete(Object key);

    /** Deletes the row with these keys; completes with whether there was one. */
    CompletableFuture<Boolean> delete(Object key, Object subkey);
}
