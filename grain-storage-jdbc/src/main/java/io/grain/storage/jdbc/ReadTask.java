package io.grain.storage.jdbc;

import io.grain.storage.StorageException;

import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;

/**
 * One read waiting for a reader of the {@link ReaderPool}.
 *
 * <p>Thread ownership: made on the caller's thread, run by one reader thread.
 *
 * @param <T> what the future completes with
 */
final class ReadTask<T> {
    /** The query itself: runs on a reader's connection, outside any transaction. */
    @FunctionalInterface
    interface Query<T> {
        T run(WorkerConnection connection, Dialect dialect) throws SQLException;
    }

    final CompletableFuture<T> future = new CompletableFuture<>();
    private final String operation;
    private final RecordTable table;
    private final Object key;
    private final Object subkey;
    private final Query<T> query;

    /**
     * A read of {@code key} (a {@code StateKey} when {@code table} is null) and {@code subkey};
     * {@code operation} names it in messages, which are made only when it fails.
     */
    ReadTask(final String operation, final RecordTable table, final Object key, final Object subkey,
        final Query<T> query) {
        this.operation = operation;
        this.table = table;
        this.key = key;
        this.subkey = subkey;
        this.query = query;
    }

    /**
     * Runs the query and completes the future; a failure of the database is returned, not
     * completed, so the reader may try again on a new connection. Any other failure completes it.
     */
    SQLException run(final WorkerConnection connection, final Dialect dialect) {
        try {
            if (table != null && !table.isReady()) {
                table.ensure(connection.connection(), dialect);
            }
            future.complete(query.run(connection, dialect));
            return null;
        } catch (final StorageException e) {
            fail(new StorageException(describe() + " failed: " + e.getMessage(), e));
            return null;
        } catch (final SQLException e) {
            return e;
        } catch (final RuntimeException e) {
            fail(new StorageException(describe() + " failed: " + e, e));
            return null;
        }
    }

    /** Fails the read with what the database said. */
    void fail(final SQLException cause) {
        fail(new StorageException(describe() + " failed: " + cause.getMessage(), cause));
    }

    void fail(final RuntimeException failure) {
        future.completeExceptionally(failure);
    }

    String describe() {
        return operation + " of " + (table == null ? "grain state " + key : table.describe(key, subkey));
    }
}
