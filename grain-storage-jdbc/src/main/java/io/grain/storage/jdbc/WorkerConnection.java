package io.grain.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One connection of a storage thread with the prepared statements it made, each prepared once and
 * reused for as long as the connection lives.
 *
 * <p>Thread ownership: the one thread (the writer or a reader) that opened it.
 */
final class WorkerConnection implements AutoCloseable {
    /** How long a check whether a connection still works after a failure may take. */
    private static final int VALID_TIMEOUT_SECONDS = 5;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    WorkerConnection(final Connection connection) {
        this.connection = connection;
    }

    Connection connection() {
        return connection;
    }

    /** The prepared statement of {@code sql} on this connection, prepared on first use. */
    PreparedStatement statement(final String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** Starts a transaction (on SQLite: {@code BEGIN IMMEDIATE}, which takes the write lock). */
    void begin() throws SQLException {
        connection.setAutoCommit(false);
    }

    /**
     * Commits by going back to auto-commit, which JDBC defines as a commit. Unlike
     * {@code Connection.commit()} this does not make the SQLite driver begin the next transaction
     * at once, which would take the write lock again and hold it while the writer waits for work.
     */
    void commit() throws SQLException {
        connection.setAutoCommit(true);
    }

    /** Rolls back after a failure; a failure of the rollback itself is added to {@code cause}. */
    void rollback(final Throwable cause) {
        try {
            connection.rollback();
            connection.setAutoCommit(true);
        } catch (final SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    /** Whether the connection still works after a failure. */
    boolean isValid() {
        try {
            return connection.isValid(VALID_TIMEOUT_SECONDS);
        } catch (final SQLException e) {
            return false;
        }
    }

    /** Closes the statements and the connection (returns it, when it came from a pool). */
    @Override
    public void close() {
        for (final PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (final SQLException ignored) {
                // The connection is closed next, which releases what the statement held.
            }
        }
        statements.clear();
        try {
            connection.close();
        } catch (final SQLException ignored) {
            // Nothing is left to release.
        }
    }
}
