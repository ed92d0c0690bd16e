package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * The SQL that differs between the databases {@link JdbcStorage} runs on: column types, how a key
 * is bound, how a connection is set up, and how schema changes of several members are serialised.
 * Everything else (the conditional writes, {@code INSERT ... ON CONFLICT}, {@code RETURNING}) is
 * the same text on SQLite 3.35+ and PostgreSQL 9.5+.
 *
 * <p>Thread ownership: stateless, any thread.
 */
abstract class Dialect {
    /** A name for messages and logs. */
    abstract String name();

    /** The column type of a key of this kind in {@code CREATE TABLE}. */
    abstract String keyColumnType(KeyKind kind);

    /** The type name JDBC metadata reports for a column made with {@link #keyColumnType}. */
    abstract String keyMetadataType(KeyKind kind);

    /** The column type of a payload (never null) in {@code CREATE TABLE}. */
    abstract String payloadColumnType();

    /** The type name JDBC metadata reports for a column made with {@link #payloadColumnType()}. */
    abstract String payloadMetadataType();

    /** The column type of a 64-bit integer. */
    final String bigintColumnType() {
        return keyColumnType(KeyKind.LONG);
    }

    /** Binds a key of {@code kind} (already checked to be of {@link KeyKind#javaType()}). */
    final void bindKey(final PreparedStatement statement, final int index, final KeyKind kind, final Object key)
        throws SQLException {
        switch (kind) {
            case LONG:
                statement.setLong(index, (Long)key);
                break;
            case INT:
                statement.setInt(index, (Integer)key);
                break;
            case STRING:
                statement.setString(index, (String)key);
                break;
            case UUID:
                bindUuid(statement, index, (UUID)key);
                break;
            default:
                throw new IllegalArgumentException("unknown key kind " + kind);
        }
    }

    /** Binds a UUID key the way this database's key column holds it. */
    abstract void bindUuid(PreparedStatement statement, int index, UUID key) throws SQLException;

    /** Sets up a connection just opened; it is in auto-commit mode afterwards. */
    abstract void configure(Connection connection) throws SQLException;

    /**
     * Called first inside the transaction of a schema change (migrations, record tables) so that
     * members starting at once against one database change it one after the other.
     */
    abstract void lockSchema(Connection connection) throws SQLException;

    /** The schema JDBC metadata should look for tables in ({@code null}: the only one there is). */
    abstract String metadataSchema(Connection connection) throws SQLException;

    /** Whether a type name from JDBC metadata is {@code expected}. */
    static boolean sameType(final String expected, final String actual) {
        return actual != null && expected.toLowerCase(Locale.ROOT).equals(actual.toLowerCase(Locale.ROOT));
    }
}
