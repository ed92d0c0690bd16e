package io.grain.storage.jdbc;

import io.grain.storage.DuplicateRecordException;
import io.grain.storage.StateConflictException;
import io.grain.storage.StateKey;
import io.grain.storage.StorageException;
import io.grain.storage.StoredReminder;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.concurrent.CompletableFuture;

/**
 * One write waiting for the {@link GroupCommitWriter}: a state write or clear, or a row upsert,
 * insert or delete. It runs inside the writer's transaction, keeps what the database answered, and
 * completes its future only in {@link #complete()}, which the writer calls after the commit.
 *
 * <p>A batchable op has a {@link #batchSql()}; ops next to each other in a batch with the same SQL
 * go to the database as one JDBC batch. The others run alone through {@link #executeAlone}.
 *
 * <p>Thread ownership: made on the caller's thread, then touched only by the writer thread (and by
 * {@link JdbcStorage#close()} to fail it when the writer has stopped).
 *
 * @param <T> what the future completes with
 */
abstract class WriteOp<T> {
    final CompletableFuture<T> future = new CompletableFuture<>();

    /** The table that must exist before this op runs, or {@code null} for {@code grain_state}. */
    RecordTable table() {
        return null;
    }

    /** The SQL of a batchable op, or {@code null} for one that runs alone. */
    String batchSql() {
        return null;
    }

    /** Binds the parameters of {@link #batchSql()}. */
    void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
        throw new IllegalStateException(getClass().getSimpleName() + " is not batchable");
    }

    /** The update count the database gave for this op's statement of the batch. */
    int updateCount;

    /** Keeps the update count the database gave for this op's statement of the batch. */
    final void onUpdateCount(final int count) {
        updateCount = count;
    }

    /** Runs an op that is not batchable inside the writer's transaction. */
    void executeAlone(final WorkerConnection connection, final Dialect dialect) throws SQLException {
        throw new IllegalStateException(getClass().getSimpleName() + " is batchable");
    }

    /** Completes the future with the outcome kept; called after the commit. */
    abstract void complete();

    /** What this op writes, for messages: {@code write of player/s:alice/state at version 3}. */
    abstract String describe();

    final void fail(final RuntimeException failure) {
        future.completeExceptionally(failure);
    }

    static void bindState(final PreparedStatement statement, final int first, final StateKey key) throws SQLException {
        statement.setString(first, key.kind());
        statement.setString(first + 1, key.key());
        statement.setString(first + 2, key.name());
    }

    /** A state write with an etag: {@code UPDATE ... WHERE version = ?}. */
    static final class StateUpdate extends WriteOp<String> {
        private final StateKey key;
        private final byte[] payload;
        private final long expectedVersion;

        StateUpdate(final StateKey key, final byte[] payload, final long expectedVersion) {
            this.key = key;
            this.payload = payload;
            this.expectedVersion = expectedVersion;
        }

        @Override
        String batchSql() {
            return StateTable.UPDATE;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            statement.setBytes(1, payload);
            statement.setLong(2, expectedVersion + 1);
            bindState(statement, 3, key);
            statement.setLong(6, expectedVersion);
        }

        @Override
        void complete() {
            if (updateCount == 1) {
                future.complete(Long.toString(expectedVersion + 1));
            } else {
                fail(new StateConflictException("grain state " + key + " is no longer at version " + expectedVersion
                    + ": another activation wrote or cleared it"));
            }
        }

        @Override
        String describe() {
            return "write of grain state " + key + " at version " + expectedVersion;
        }
    }

    /** A state write without an etag: stores only when no state is there (none, or a tombstone). */
    static final class StateCreate extends WriteOp<String> {
        private final StateKey key;
        private final byte[] payload;
        private long version;

        StateCreate(final StateKey key, final byte[] payload) {
            this.key = key;
            this.payload = payload;
        }

        @Override
        void executeAlone(final WorkerConnection connection, final Dialect dialect) throws SQLException {
            final PreparedStatement statement = connection.statement(StateTable.CREATE);
            bindState(statement, 1, key);
            statement.setBytes(4, payload);
            try (ResultSet result = statement.executeQuery()) {
                version = result.next() ? result.getLong(1) : 0;
            }
        }

        @Override
        void complete() {
            if (version > 0) {
                future.complete(Long.toString(version));
            } else {
                fail(new StateConflictException("grain state " + key
                    + " exists, but this write expected none: another activation wrote it"));
            }
        }

        @Override
        String describe() {
            return "first write of grain state " + key;
        }
    }

    /** A state clear with an etag: leaves a tombstone at the next version. */
    static final class StateClear extends WriteOp<Void> {
        private final StateKey key;
        private final long expectedVersion;

        StateClear(final StateKey key, final long expectedVersion) {
            this.key = key;
            this.expectedVersion = expectedVersion;
        }

        @Override
        String batchSql() {
            return StateTable.CLEAR;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            statement.setLong(1, expectedVersion + 1);
            bindState(statement, 2, key);
            statement.setLong(5, expectedVersion);
        }

        @Override
        void complete() {
            if (updateCount == 1) {
                future.complete(null);
            } else {
                fail(new StateConflictException("grain state " + key + " is no longer at version " + expectedVersion
                    + ": another activation wrote or cleared it"));
            }
        }

        @Override
        String describe() {
            return "clear of grain state " + key + " at version " + expectedVersion;
        }
    }

    /** A state clear without an etag: a no-op that fails when a state is stored. */
    static final class StateClearAbsent extends WriteOp<Void> {
        private final StateKey key;
        private boolean exists;

        StateClearAbsent(final StateKey key) {
            this.key = key;
        }

        @Override
        void executeAlone(final WorkerConnection connection, final Dialect dialect) throws SQLException {
            final PreparedStatement statement = connection.statement(StateTable.EXISTS);
            bindState(statement, 1, key);
            try (ResultSet result = statement.executeQuery()) {
                exists = result.next();
            }
        }

        @Override
        void complete() {
            if (exists) {
                fail(new StateConflictException("grain state " + key
                    + " exists, but this clear expected none: another activation wrote it"));
            } else {
                future.complete(null);
            }
        }

        @Override
        String describe() {
            return "clear of absent grain state " + key;
        }
    }

    /** The base of the row ops: a table and the row's keys. */
    abstract static class RowOp<T> extends WriteOp<T> {
        final RecordTable table;
        final Object key;
        final Object subkey;

        RowOp(final RecordTable table, final Object key, final Object subkey) {
            this.table = table;
            this.key = key;
            this.subkey = subkey;
        }

        @Override
        final RecordTable table() {
            return table;
        }

        /** Binds key and subkey from parameter 1; returns the next parameter's index. */
        final int bindKeys(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            dialect.bindKey(statement, 1, table.keyKind(), key);
            if (subkey == null) {
                return 2;
            }
            dialect.bindKey(statement, 2, table.subkeyKind(), subkey);
            return 3;
        }
    }

    /** Inserts or replaces a row. */
    static final class RowUpsert extends RowOp<Void> {
        private final byte[] payload;

        RowUpsert(final RecordTable table, final Object key, final Object subkey, final byte[] payload) {
            super(table, key, subkey);
            this.payload = payload;
        }

        @Override
        String batchSql() {
            return table.upsertSql;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            statement.setBytes(bindKeys(statement, dialect), payload);
        }

        @Override
        void complete() {
            future.complete(null);
        }

        @Override
        String describe() {
            return "upsert of " + table.describe(key, subkey);
        }
    }

    /** Inserts a row unless its keys exist. */
    static final class RowInsert extends RowOp<Void> {
        private final byte[] payload;

        RowInsert(final RecordTable table, final Object key, final Object subkey, final byte[] payload) {
            super(table, key, subkey);
            this.payload = payload;
        }

        @Override
        String batchSql() {
            return table.insertSql;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            statement.setBytes(bindKeys(statement, dialect), payload);
        }

        @Override
        void complete() {
            if (updateCount == 1) {
                future.complete(null);
            } else {
                fail(new DuplicateRecordException("a row " + table.describe(key, subkey) + " exists already"));
            }
        }

        @Override
        String describe() {
            return "insert of " + table.describe(key, subkey);
        }
    }

    /** Deletes one row (with a subkey) or every row of a key. */
    static final class RowDelete extends RowOp<Integer> {

        RowDelete(final RecordTable table, final Object key, final Object subkey) {
            super(table, key, subkey);
        }

        @Override
        String batchSql() {
            return subkey == null ? table.deleteAllSql : table.deleteOneSql;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            bindKeys(statement, dialect);
        }

        @Override
        void complete() {
            future.complete(updateCount);
        }

        @Override
        String describe() {
            return "delete of " + table.describe(key, subkey);
        }
    }

    /** Inserts or replaces a reminder. */
    static final class ReminderUpsert extends WriteOp<Void> {
        private final StoredReminder reminder;

        ReminderUpsert(final StoredReminder reminder) {
            this.reminder = reminder;
        }

        @Override
        String batchSql() {
            return ReminderTable.UPSERT;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            ReminderTable.bindName(statement, 1, reminder.kind(), reminder.key(), reminder.name());
            statement.setLong(4, reminder.startMillis());
            statement.setLong(5, reminder.periodMillis());
            if (reminder.lastTickMillis() == StoredReminder.NO_TICK) {
                statement.setNull(6, Types.BIGINT);
            } else {
                statement.setLong(6, reminder.lastTickMillis());
            }
        }

        @Override
        void complete() {
            future.complete(null);
        }

        @Override
        String describe() {
            return "upsert of reminder " + reminder.kind() + "/" + reminder.key() + "/" + reminder.name();
        }
    }

    /** Deletes a reminder; completes with whether there was one. */
    static final class ReminderDelete extends WriteOp<Boolean> {
        private final String kind;
        private final String key;
        private final String name;

        ReminderDelete(final String kind, final String key, final String name) {
            this.kind = kind;
            this.key = key;
            this.name = name;
        }

        @Override
        String batchSql() {
            return ReminderTable.DELETE;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            ReminderTable.bindName(statement, 1, kind, key, name);
        }

        @Override
        void complete() {
            future.complete(updateCount > 0);
        }

        @Override
        String describe() {
            return "delete of reminder " + kind + "/" + key + "/" + name;
        }
    }

    /** Records a delivered tick of a reminder if it is still the same registration. */
    static final class ReminderTick extends WriteOp<Boolean> {
        private final String kind;
        private final String key;
        private final String name;
        private final long startMillis;
        private final long periodMillis;
        private final long tickMillis;

        ReminderTick(final String kind, final String key, final String name, final long startMillis, final long periodMillis,
            final long tickMillis) {
            this.kind = kind;
            this.key = key;
            this.name = name;
            this.startMillis = startMillis;
            this.periodMillis = periodMillis;
            this.tickMillis = tickMillis;
        }

        @Override
        String batchSql() {
            return ReminderTable.RECORD_TICK;
        }

        @Override
        void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            statement.setLong(1, tickMillis);
            ReminderTable.bindName(statement, 2, kind, key, name);
            statement.setLong(5, startMillis);
            statement.setLong(6, periodMillis);
            statement.setLong(7, tickMillis);
        }

        @Override
        void complete() {
            future.complete(updateCount > 0);
        }

        @Override
        String describe() {
            return "tick " + tickMillis + " of reminder " + kind + "/" + key + "/" + name;
        }
    }

    /** The failure of an op the database refused. */
    static StorageException refused(final WriteOp<?> op, final Throwable cause) {
        return new StorageException(op.describe() + " failed: " + cause.getMessage(), cause);
    }

    /** The base of the subscription ops: a topic and one subscriber, bound as parameters 1 and 2. */
    abstract static class SubscriptionOp<T> extends WriteOp<T> {
        final String topic;
        final String subscriber;

        SubscriptionOp(final String topic, final String subscriber) {
            this.topic = topic;
            this.subscriber = subscriber;
        }

        @Override
        final void bind(final PreparedStatement statement, final Dialect dialect) throws SQLException {
            statement.setString(1, topic);
            statement.setString(2, subscriber);
        }
    }

    /** Stores a topic subscriber (again: no change). */
    static final class SubscriptionUpsert extends SubscriptionOp<Void> {
        SubscriptionUpsert(final String topic, final String subscriber) {
            super(topic, subscriber);
        }

        @Override
        String batchSql() {
            return SubscriptionTable.UPSERT;
        }

        @Override
        void complete() {
            future.complete(null);
        }

        @Override
        String describe() {
            return "upsert of subscriber " + subscriber + " of topic " + topic;
        }
    }

    /** Deletes a topic subscriber; completes with whether there was one. */
    static final class SubscriptionDelete extends SubscriptionOp<Boolean> {
        SubscriptionDelete(final String topic, final String subscriber) {
            super(topic, subscriber);
        }

        @Override
        String batchSql() {
            return SubscriptionTable.DELETE;
        }

        @Override
        void complete() {
            future.complete(updateCount > 0);
        }

        @Override
        String describe() {
            return "delete of subscriber " + subscriber + " of topic " + topic;
        }
    }
}
