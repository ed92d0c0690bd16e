package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * SQLite: keys as {@code INTEGER} (64-bit, whatever the Java width) or {@code TEXT} (UUIDs in their
 * canonical lower-case text, whose text order is their unsigned byte order), payloads as
 * {@code BLOB}. Connections are opened by {@link SqliteConnections}, which sets WAL, {@code
 * synchronous=FULL}, the busy timeout and {@code BEGIN IMMEDIATE}; the write lock that {@code BEGIN
 * IMMEDIATE} takes serialises schema changes between processes, so {@link #lockSchema} has nothing
 * left to do.
 */
final class SqliteDialect extends Dialect {
    static final SqliteDialect INSTANCE = new SqliteDialect();

    private SqliteDialect() {
    }

    @Override
    String name() {
        return "SQLite";
    }

    @Override
    String keyColumnType(final KeyKind kind) {
        switch (kind) {
            case LONG:
            case INT:
                return "INTEGER";
            case STRING:
            case UUID:
                return "TEXT";
            default:
                throw new IllegalArgumentException("unknown key kind " + kind);
        }
    }

    @Override
    String keyMetadataType(final KeyKind kind) {
        return keyColumnType(kind);
    }

    @Override
    String payloadColumnType() {
        return "BLOB";
    }

    @Override
    String payloadMetadataType() {
        return "BLOB";
    }

    @Override
    void bindUuid(final PreparedStatement statement, final int index, final UUID key) throws SQLException {
        // a TEXT column in canonical form, which sorts as the UUID's unsigned bytes do
        statement.setString(index, key.toString());
    }

    @Override
    void configure(final Connection connection) throws SQLException {
        // WAL is a property of the file and synchronous one of the connection; SqliteConnections
        // sets both through the driver's config. Checked here so that a file system without WAL
        // support (some network mounts) fails at start instead of running on a rollback journal.
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("PRAGMA journal_mode")) {
            final String mode = result.next() ? result.getString(1) : null;
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("SQLite journal_mode is " + mode + ", not wal; is the file on a local file system?");
            }
        }
    }

    @Override
    void lockSchema(final Connection connection) {
        // BEGIN IMMEDIATE (set for every connection) already holds the database's write lock.
    }

    @Override
    String metadataSchema(final Connection connection) {
        return null;
    }
}
