package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * PostgreSQL: keys as {@code BIGINT}, {@code INTEGER}, {@code TEXT COLLATE "C"} (code point order,
 * as SQLite's and Java's, whatever the database's locale) or {@code UUID}; payloads as
 * {@code BYTEA}. Schema changes take a transaction-scoped advisory lock, so members that start at
 * once against one database migrate it one after the other, and two {@code CREATE TABLE IF NOT
 * EXISTS} of one table never race in the catalog.
 */
final class PostgresDialect extends Dialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    /** The advisory lock of Grain's schema changes: "grain" in ASCII, unlikely to meet another application's. */
    static final long SCHEMA_LOCK = 0x677261696EL;

    private PostgresDialect() {
    }

    @Override
    String name() {
        return "PostgreSQL";
    }

    @Override
    String keyColumnType(final KeyKind kind) {
        switch (kind) {
            case LONG:
                return "BIGINT";
            case INT:
                return "INTEGER";
            case STRING:
                return "TEXT COLLATE \"C\"";
            case UUID:
                return "UUID";
            default:
                throw new IllegalArgumentException("unknown key kind " + kind);
        }
    }

    @Override
    String keyMetadataType(final KeyKind kind) {
        switch (kind) {
            case LONG:
                return "int8";
            case INT:
                return "int4";
            case STRING:
                return "text";
            case UUID:
                return "uuid";
            default:
                throw new IllegalArgumentException("unknown key kind " + kind);
        }
    }

    @Override
    String payloadColumnType() {
        return "BYTEA";
    }

    @Override
    String payloadMetadataType() {
        return "bytea";
    }

    @Override
    void bindUuid(final PreparedStatement statement, final int index, final UUID key) throws SQLException {
        statement.setObject(index, key);
    }

    @Override
    void configure(final Connection connection) throws SQLException {
        // A pool may hand out a connection some other code left outside auto-commit.
        if (!connection.getAutoCommit()) {
            connection.rollback();
            connection.setAutoCommit(true);
        }
    }

    @Override
    void lockSchema(final Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + SCHEMA_LOCK + ")");
        }
    }

    @Override
    String metadataSchema(final Connection connection) throws SQLException {
        return connection.getSchema();
    }
}
