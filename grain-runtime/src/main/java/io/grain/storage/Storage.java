package io.grain.storage;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A storage provider: grain states and {@code @Stored} tables as bytes, the SPI behind
 * {@link GrainState} and {@link RecordStore}. Payloads are the records' Protobuf-wire encoding;
 * the runtime encodes and decodes them, providers only keep them.
 *
 * <p>Every operation returns at once; its I/O runs on the provider's own bounded threads, never on
 * the caller's (a shard must never block). Futures complete on those threads; the runtime brings
 * completions back to the activation's thread. A completed write is durable as far as the provider
 * promises (for {@code JdbcStorage}: committed). Implementations: {@link InMemoryStorage} here,
 * {@code io.grain.storage.jdbc.JdbcStorage} in {@code grain-storage-jdbc}.
 *
 * <p>Ownership: whoever creates a storage closes it; members and test clusters that use one do not.
 *
 * <p>Thread ownership: any thread.
 */
public interface Storage extends AutoCloseable {
    /** The stored state, or {@code null} when there is none. */
    CompletableFuture<StoredState> readState(StateKey key);

    /**
     * Stores a state if the stored version is {@code etag} ({@code null}: if none is stored).
     * Completes with the new etag, or fails with {@link StateConflictException}.
     */
    CompletableFuture<String> writeState(StateKey key, byte[] payload, String etag);

    /**
     * Removes a state if the stored version is {@code etag} (a {@code null} etag: only if none is
     * stored, which is a no-op); fails with {@link StateConflictException} otherwise.
     */
    CompletableFuture<Void> clearState(StateKey key, String etag);

    /** Inserts or replaces a row; {@code subkey} is {@code null} for a table without one. */
    CompletableFuture<Void> upsert(StoredType<?> table, Object key, Object subkey, byte[] payload);

    /** Inserts a row; fails with {@link DuplicateRecordException} when its keys exist. */
    CompletableFuture<Void> insert(StoredType<?> table, Object key, Object subkey, byte[] payload);

    /** A row's payload, or {@code null}. */
    CompletableFuture<byte[]> get(StoredType<?> table, Object key, Object subkey);

    /** The payloads of every row with {@code key}, in subkey order. */
    CompletableFuture<List<byte[]>> query(StoredType<?> table, Object key);

    /** Deletes one row ({@code subkey} non-null) or every row with {@code key}; completes with the count. */
    CompletableFuture<Integer> delete(StoredType<?> table, Object key, Object subkey);

    // ---- reminders (docs/REMINDERS.md) -----------------------------------------------------------
    // Defaults fail with UnsupportedOperationException, so a provider written before reminders
    // existed still serves states and records, and a grain that registers a reminder learns why not.

    /**
     * Inserts a reminder, or replaces the one of the same kind, key and name (its start, period and
     * last tick all become {@code reminder}'s).
     */
    default CompletableFuture<Void> upsertReminder(final StoredReminder reminder) {
        return remindersUnsupported();
    }

    /** Deletes a reminder; completes with whether there was one. */
    default CompletableFuture<Boolean> deleteReminder(final String kind, final String key, final String name) {
        return remindersUnsupported();
    }

    /**
     * Records {@code tickMillis} as the last delivered tick of a reminder, only if the stored
     * reminder is still the registration with {@code startMillis} and {@code periodMillis} (it was
     * not replaced or deleted meanwhile) and its last tick is earlier; completes with whether it did.
     */
    default CompletableFuture<Boolean> recordReminderTick(final String kind, final String key, final String name,
        final long startMillis, final long periodMillis, final long tickMillis) {
        return remindersUnsupported();
    }

    /** Every reminder of one grain, in name order. */
    default CompletableFuture<List<StoredReminder>> readReminders(final String kind, final String key) {
        return remindersUnsupported();
    }

    /**
     * One page of every stored reminder, ordered by kind, key and name as the provider compares
     * text: at most {@code limit} reminders that come after {@code after}'s kind, key and name
     * ({@code null}: from the first). A page shorter than {@code limit} is the last.
     */
    default CompletableFuture<List<StoredReminder>> scanReminders(final StoredReminder after, final int limit) {
        return remindersUnsupported();
    }

    // ---- topic subscriptions (docs/TOPICS.md) -----------------------------------------------------
    // Defaults fail with UnsupportedOperationException, as for reminders: a provider written before
    // topics keeps serving the rest, and a topic on it keeps its subscribers in memory only.

    /**
     * Stores that {@code subscriber} (the runtime's text for a grain method or an outside consumer)
     * subscribes to {@code topic}; storing it again changes nothing.
     */
    default CompletableFuture<Void> upsertSubscription(final String topic, final String subscriber) {
        return subscriptionsUnsupported();
    }

    /** Deletes a subscription; completes with whether there was one. */
    default CompletableFuture<Boolean> deleteSubscription(final String topic, final String subscriber) {
        return subscriptionsUnsupported();
    }

    /** Every subscriber of {@code topic}, in code point order. */
    default CompletableFuture<List<String>> readSubscriptions(final String topic) {
        return subscriptionsUnsupported();
    }

    private <T> CompletableFuture<T> subscriptionsUnsupported() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getName()
            + " does not store topic subscriptions; use a storage that does (InMemoryStorage, JdbcStorage)"));
    }

    private <T> CompletableFuture<T> remindersUnsupported() {
        return CompletableFuture.failedFuture(new UnsupportedOperationException(getClass().getName()
            + " does not store reminders; use a storage that does (InMemoryStorage, JdbcStorage)"));
    }

    /**
     * A cheap check that the storage answers (for a member's readiness, {@code GrainMember.health()}):
     * completes normally when it does within {@code timeout}, exceptionally (a
     * {@link StorageException} naming the cause, or a {@code TimeoutException}) when it does not.
     * Runs on the provider's threads, never the caller's. The default completes at once: a storage
     * in this process is always reachable.
     */
    default CompletableFuture<Void> check(final Duration timeout) {
        return CompletableFuture.completedFuture(null);
    }

    /** Releases the provider's threads and connections; operations after it fail. */
    @Override
    void close();
}
