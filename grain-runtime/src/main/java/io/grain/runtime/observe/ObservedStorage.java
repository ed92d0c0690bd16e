package io.grain.runtime.observe;

import io.grain.storage.StateKey;
import io.grain.storage.Storage;
import io.grain.storage.StoredReminder;
import io.grain.storage.StoredState;
import io.grain.storage.StoredType;
import org.agrona.concurrent.NanoClock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * A member's storage as the member uses it when an observer is configured: every operation goes
 * to the provider unchanged, and its completion is reported to {@link MemberObserver#onStorage}
 * with its duration before the caller's future completes (with the provider's value or exception,
 * unwrapped), so whoever sees an operation done also sees it counted. Storage operations already
 * allocate their futures; timing one adds a future and its completion callback. Does not close the
 * provider (its creator does).
 *
 * <p>Thread safety: as the provider's; reports run on the provider's completing threads.
 */
public final class ObservedStorage implements Storage {
    private final Storage storage;
    private final MemberObserver observer;
    private final NanoClock clock;

    public ObservedStorage(final Storage storage, final MemberObserver observer, final NanoClock clock) {
        this.storage = storage;
        this.observer = observer;
        this.clock = clock;
    }

    /** The provider this one reports on. */
    public Storage provider() {
        return storage;
    }

    private <T> CompletableFuture<T> timed(final StorageOperation operation, final CompletableFuture<T> io, final long start) {
        final Report<T> report = new Report<>(this, operation, start);
        io.whenComplete(report);
        return report.result;
    }

    @Override
    public CompletableFuture<StoredState> readState(final StateKey key) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.READ_STATE, storage.readState(key), start);
    }

    @Override
    public CompletableFuture<String> writeState(final StateKey key, final byte[] payload, final String etag) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.WRITE_STATE, storage.writeState(key, payload, etag), start);
    }

    @Override
    public CompletableFuture<Void> clearState(final StateKey key, final String etag) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.CLEAR_STATE, storage.clearState(key, etag), start);
    }

    @Override
    public CompletableFuture<Void> upsert(final StoredType<?> table, final Object key, final Object subkey, final byte[] payload) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.UPSERT, storage.upsert(table, key, subkey, payload), start);
    }

    @Override
    public CompletableFuture<Void> insert(final StoredType<?> table, final Object key, final Object subkey, final byte[] payload) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.INSERT, storage.insert(table, key, subkey, payload), start);
    }

    @Override
    public CompletableFuture<byte[]> get(final StoredType<?> table, final Object key, final Object subkey) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.GET, storage.get(table, key, subkey), start);
    }

    @Override
    public CompletableFuture<List<byte[]>> query(final StoredType<?> table, final Object key) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.QUERY, storage.query(table, key), start);
    }

    @Override
    public CompletableFuture<Integer> delete(final StoredType<?> table, final Object key, final Object subkey) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.DELETE, storage.delete(table, key, subkey), start);
    }

    @Override
    public CompletableFuture<Void> upsertReminder(final StoredReminder reminder) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.UPSERT_REMINDER, storage.upsertReminder(reminder), start);
    }

    @Override
    public CompletableFuture<Boolean> deleteReminder(final String kind, final String key, final String name) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.DELETE_REMINDER, storage.deleteReminder(kind, key, name), start);
    }

    @Override
    public CompletableFuture<Boolean> recordReminderTick(final String kind, final String key, final String name, final long startMillis,
        final long periodMillis, final long tickMillis) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.RECORD_REMINDER_TICK,
            storage.recordReminderTick(kind, key, name, startMillis, periodMillis, tickMillis), start);
    }

    @Override
    public CompletableFuture<List<StoredReminder>> readReminders(final String kind, final String key) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.READ_REMINDERS, storage.readReminders(kind, key), start);
    }

    @Override
    public CompletableFuture<List<StoredReminder>> scanReminders(final StoredReminder after, final int limit) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.SCAN_REMINDERS, storage.scanReminders(after, limit), start);
    }

    // Topic subscriptions are handed through untimed: StorageOperation has no values for them yet,
    // and without these the Storage defaults would refuse every topic of an observed member.
    @Override
    public CompletableFuture<Void> upsertSubscription(final String topic, final String subscriber) {
        return storage.upsertSubscription(topic, subscriber);
    }

    @Override
    public CompletableFuture<Boolean> deleteSubscription(final String topic, final String subscriber) {
        return storage.deleteSubscription(topic, subscriber);
    }

    @Override
    public CompletableFuture<List<String>> readSubscriptions(final String topic) {
        return storage.readSubscriptions(topic);
    }

    @Override
    public CompletableFuture<Void> check(final Duration timeout) {
        final long start = clock.nanoTime();
        return timed(StorageOperation.CHECK, storage.check(timeout), start);
    }

    /** The provider belongs to its creator, who closes it. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return storage.toString();
    }

    /** Reports one operation when the provider's future completes, then completes the caller's. */
    private static final class Report<T> implements BiConsumer<T, Throwable> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        private final ObservedStorage owner;
        private final StorageOperation operation;
        private final long start;

        Report(final ObservedStorage owner, final StorageOperation operation, final long start) {
            this.owner = owner;
            this.operation = operation;
            this.start = start;
        }

        @Override
        public void accept(final T value, final Throwable failure) {
            try {
                owner.observer.onStorage(operation, owner.clock.nanoTime() - start, failure != null);
            } finally {
                if (failure != null) {
                    result.completeExceptionally(failure);
                } else {
                    result.complete(value);
                }
            }
        }
    }
}
