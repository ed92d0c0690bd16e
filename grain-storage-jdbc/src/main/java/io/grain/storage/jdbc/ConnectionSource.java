package io.grain.storage.jdbc;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the writer and the readers of a {@link JdbcStorage} get their connections. Each of those
 * threads holds one connection for as long as it works and opens a new one only after a failure.
 *
 * <p>Thread ownership: {@link #open()} from any of the storage's threads; {@link #close()} once,
 * by {@link JdbcStorage#close()}, after those threads stopped.
 */
interface ConnectionSource extends AutoCloseable {
    /** The database's dialect. */
    Dialect dialect();

    /** A new connection, set up by {@link Dialect#configure} and in auto-commit mode. */
    Connection open() throws SQLException;

    /** Releases what the storage owns (a pool it made); a caller's {@code DataSource} stays open. */
    @Override
    void close();
}
