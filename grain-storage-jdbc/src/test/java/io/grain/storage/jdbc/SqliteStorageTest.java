package io.grain.storage.jdbc;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage contract on SQLite: a fresh file in a temporary directory per test. */
class SqliteStorageTest extends JdbcStorageContractTest {
    @TempDir
    Path directory;

    private Path file() {
        return directory.resolve("data").resolve("grain.db");
    }

    @Override
    protected JdbcStorage.Builder builder() {
        // long enough that a writer waiting behind holdWriteLock never gives up on a slow machine
        return JdbcStorage.builder().sqlite(file()).sqliteBusyTimeout(Duration.ofMinutes(5));
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file());
    }

    @Override
    protected void execute(final String... statements) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (final String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    protected long queryLong(final String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    protected AutoCloseable holdWriteLock(final String table) throws SQLException {
        final Connection connection = connect();
        final Statement statement = connection.createStatement();
        // SQLite has one write lock per database; holding it stops every writer
        statement.execute("BEGIN IMMEDIATE");
        return () -> {
            statement.execute("COMMIT");
            statement.close();
            connection.close();
        };
    }

    @Override
    protected String[] refuseOwner(final String table, final long owner) {
        return new String[] {
            "CREATE TRIGGER refuse_" + owner + " BEFORE INSERT ON " + table + " WHEN NEW.owner = " + owner
                + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
        };
    }

    @Override
    protected String tableWithoutPrimaryKey(final String table) {
        return "CREATE TABLE " + table + " (owner INTEGER NOT NULL, payload BLOB NOT NULL)";
    }

    @Override
    protected String textKeyedTable(final String table) {
        return "CREATE TABLE " + table + " (owner TEXT NOT NULL PRIMARY KEY, payload BLOB NOT NULL)";
    }

    @Test
    void theFileIsInWalModeWithFullSync() throws SQLException {
        assertEquals("wal", queryString("PRAGMA journal_mode").toLowerCase(java.util.Locale.ROOT));
        try (Connection connection = SqliteDialectAccess.open(file());
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA synchronous")) {
            result.next();
            assertEquals(2, result.getInt(1), "synchronous=FULL is 2");
        }
        assertTrue(file().toFile().isFile());
    }

    private String queryString(final String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getString(1);
        }
    }

    /** Opens a connection the way the storage does, to read its per-connection settings. */
    static final class SqliteDialectAccess {
        static Connection open(final Path file) throws SQLException {
            return new SqliteConnections(file, JdbcStorage.DEFAULT_SQLITE_BUSY_TIMEOUT).open();
        }
    }
}
