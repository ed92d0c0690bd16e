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
    private final RecordTable table;
    private final String description;
    private final Query<T> query;

    ReadTask(final RecordTable table, final String description, final Query<T> query) {
        this.table = table;
        this.description = description;
        this.query = query;
    }

    /** Runs the query and completes the future; a failure of the database is returned, not thrown. */
    SQLException run(final WorkerConnection connection, final Dialect dialect) {
        try {
            if (table != null && !table.isReady()) {
                table.ensure(connection.connection(), dialect);
            }
            future.complete(query.run(connection, dialect));
            return null;
        } catch (final StorageException e) {
            fail(new StorageException(description + " failed: " + e.getMessage(), e));
            return null;
        } catch (final SQLException e) {
            fail(new StorageException(description + " failed: " + e.getMessage(), e));
            return e;
        } catch (final RuntimeException e) {
            fail(new StorageException(description + " failed: " + e, e));
            return null;
        }
    }

    void fail(final RuntimeException failure) {
        future.completeExceptionally(failure);
    }

    String describe() {
        return description;
    }
}
