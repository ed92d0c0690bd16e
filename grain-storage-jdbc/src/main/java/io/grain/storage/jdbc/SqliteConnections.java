package io.grain.storage.jdbc;

import org.sqlite.SQLiteConfig;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Connections to one SQLite file, each with: WAL (readers never wait for the writer, the writer
 * never waits for readers), {@code synchronous=FULL} (every commit fsyncs the WAL, so an
 * acknowledged write survives a power loss, not only a crash of the process; group commit pays
 * that fsync once per batch), {@code BEGIN IMMEDIATE} (a transaction takes the write lock when it
 * begins, so it cannot fail half way on a lock another connection holds), and a busy timeout for
 * that lock.
 *
 * <p>Thread ownership: any thread; every connection belongs to the thread that opened it.
 */
final class SqliteConnections implements ConnectionSource {
    private final String url;
    private final SQLiteConfig config;

    SqliteConnections(final Path file, final Duration busyTimeout) {
        this.url = "jdbc:sqlite:" + file.toAbsolutePath();
        this.config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int)Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    }

    @Override
    public Dialect dialect() {
        return SqliteDialect.INSTANCE;
    }

    @Override
    public Connection open() throws SQLException {
        final Connection connection = config.createConnection(url);
        try {
            SqliteDialect.INSTANCE.configure(connection);
            return connection;
        } catch (final SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() {
        // Every connection was closed by the thread that opened it.
    }

    @Override
    public String toString() {
        return url;
    }
}
