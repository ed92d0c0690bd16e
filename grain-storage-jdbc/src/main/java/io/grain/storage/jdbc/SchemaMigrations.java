package io.grain.storage.jdbc;

import io.grain.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Creates or migrates the storage's own tables when a storage starts: all in one transaction,
 * after {@link Dialect#lockSchema} (so members starting at once migrate one after the other), each
 * numbered migration applied once and recorded in {@code grain_schema_version}. Record tables are
 * not migrations: they are made on first use by {@link RecordTable#ensure}.
 *
 * <p>Never change a migration that has shipped; add the next one.
 *
 * <p>Thread ownership: stateless; runs on the thread that builds the storage.
 */
final class SchemaMigrations {
    static final String VERSION_TABLE = "grain_schema_version";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

    /** A numbered change of the schema: statements run in order. */
    record Migration(int version, String description, List<String> statements) {
    }

    private SchemaMigrations() {
    }

    /** The migrations in order; the one at index {@code i} has version {@code i + 1}. */
    static List<Migration> migrations(final Dialect dialect) {
        return List.of(
            new Migration(1, "grain_state: grain states by kind, key and state name, with a version",
                List.of(StateTable.createSql(dialect))),
            new Migration(2, "grain_reminders: durable reminders by kind, key and name, with due time, period and last tick",
                List.of(ReminderTable.createSql(dialect))),
            new Migration(3, "grain_topic_subscriptions: pub/sub topic subscribers by topic",
                List.of(SubscriptionTable.createSql(dialect))));
    }

    /** The version a database is at once {@link #migrate} returned. */
    static int latestVersion(final Dialect dialect) {
        final List<Migration> all = migrations(dialect);
        return all.get(all.size() - 1).version();
    }

    /**
     * Brings the schema to the latest version; returns how many migrations ran.
     *
     * @throws StorageException when the database is at a version this code does not know (a
     *         newer Grain migrated it).
     */
    static int migrate(final Connection connection, final Dialect dialect) throws SQLException {
        final List<Migration> migrations = migrations(dialect);
        final int latest = latestVersion(dialect);
        connection.setAutoCommit(false);
        boolean committed = false;
        try {
            dialect.lockSchema(connection);
            Sql.execute(connection, "CREATE TABLE IF NOT EXISTS " + VERSION_TABLE + " ("
                + "version INTEGER NOT NULL PRIMARY KEY, "
                + "description TEXT NOT NULL, "
                + "applied_at TEXT NOT NULL)");
            final int current = currentVersion(connection);
            if (current > latest) {
                throw new StorageException("the " + dialect.name() + " database is at schema version " + current
                    + ", newer than the " + latest + " this grain-storage-jdbc knows; use the Grain version that "
                    + "migrated it, or a newer one");
            }
            int applied = 0;
            for (final Migration migration : migrations) {
                if (migration.version() > current) {
                    for (final String statement : migration.statements()) {
                        Sql.execute(connection, statement);
                    }
                    record(connection, migration);
                    applied++;
                }
            }
            connection.setAutoCommit(true);
            committed = true;
            if (applied > 0) {
                LOG.info("{} schema migrated from version {} to {}", dialect.name(), current, latest);
            }
            return applied;
        } finally {
            if (!committed) {
                try {
                    connection.rollback();
                    connection.setAutoCommit(true);
                } catch (final SQLException e) {
                    LOG.debug("rollback of a failed migration failed too", e);
                }
            }
        }
    }

    private static int currentVersion(final Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "SELECT COALESCE(MAX(version), 0) FROM " + VERSION_TABLE);
             ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void record(final Connection connection, final Migration migration) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
            "INSERT INTO " + VERSION_TABLE + " (version, description, applied_at) VALUES (?, ?, ?)")) {
            statement.setInt(1, migration.version());
            statement.setString(2, migration.description());
            statement.setString(3, Instant.now().toString());
            statement.executeUpdate();
        }
    }
}
