package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;
import io.grain.storage.StateKey;
import io.grain.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The storage contract on a real PostgreSQL server, the one {@link EmbeddedPostgresServer} runs
 * for every test class of this JVM. Every test gets a database of its own (these tests look at
 * whole tables and at the database's connections).
 */
class PostgresStorageTest extends JdbcStorageContractTest {
    private DataSource database;
    private String databaseName;

    @Override
    protected JdbcStorage.Builder builder() {
        if (database == null) {
            databaseName = EmbeddedPostgresServer.newDatabaseName();
            database = EmbeddedPostgresServer.get().getDatabase("postgres", databaseName);
        }
        return JdbcStorage.builder().postgres(database);
    }

    @Override
    protected void execute(final String... statements) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            for (final String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    @Override
    protected long queryLong(final String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    @Override
    protected AutoCloseable holdWriteLock(final String table) throws SQLException {
        final Connection connection = database.getConnection();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN EXCLUSIVE MODE");
        }
        return () -> {
            connection.commit();
            connection.close();
        };
    }

    @Override
    protected String[] refuseOwner(final String table, final long owner) {
        return new String[] {
            "CREATE FUNCTION refuse_" + owner + "() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.owner = " + owner + " THEN RAISE EXCEPTION 'refused by the test'; END IF; "
                + "RETURN NEW; END $$",
            "CREATE TRIGGER refuse_" + owner + " BEFORE INSERT ON " + table + " FOR EACH ROW EXECUTE FUNCTION refuse_"
                + owner + "()"
        };
    }

    @Override
    protected String tableWithoutPrimaryKey(final String table) {
        return "CREATE TABLE " + table + " (owner BIGINT NOT NULL, payload BYTEA NOT NULL)";
    }

    @Override
    protected String textKeyedTable(final String table) {
        return "CREATE TABLE " + table + " (owner TEXT NOT NULL PRIMARY KEY, payload BYTEA NOT NULL)";
    }

    @Test
    void membersStartingAtOnceMigrateTheSchemaOnce() throws Exception {
        storage.close();
        storage = null;
        // a database nobody migrated yet
        database = null;
        builder();
        final int members = 4;
        final CountDownLatch go = new CountDownLatch(1);
        final ExecutorService starters = Executors.newFixedThreadPool(members);
        final List<JdbcStorage> started = new ArrayList<>();
        try {
            final List<Future<JdbcStorage>> futures = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                futures.add(starters.submit(() -> {
                    go.await();
                    return builder().build();
                }));
            }
            go.countDown();
            for (final Future<JdbcStorage> f : futures) {
                started.add(f.get(WAIT_SECONDS, TimeUnit.SECONDS));
            }
            assertEquals(SchemaMigrations.latestVersion(PostgresDialect.INSTANCE),
                queryLong("SELECT COUNT(*) FROM grain_schema_version"));

            // and they all make one record table at once
            final ContractTable table = ContractTable.of("shared_rows", KeyKind.UUID, KeyKind.STRING);
            final List<java.util.concurrent.CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                writes.add(started.get(i).upsert(table, new java.util.UUID(0, 1), "m" + i, bytes("from " + i)));
            }
            for (final java.util.concurrent.CompletableFuture<Void> w : writes) {
                await(w);
            }
            assertEquals(members, queryLong("SELECT COUNT(*) FROM shared_rows"));
        } finally {
            for (final JdbcStorage s : started) {
                s.close();
            }
            starters.shutdownNow();
        }
    }

    @Test
    void aStorageWithAPoolOfItsOwnClosesIt() throws SQLException {
        final String url = EmbeddedPostgresServer.get().getJdbcUrl("postgres", databaseName);
        final StateKey key = state("player", "s:pooled", "state");
        final String etag;
        try (JdbcStorage pooled = JdbcStorage.postgres(url, "postgres", "")) {
            etag = await(pooled.writeState(key, bytes("pooled"), null));
            assertEquals(etag, await(pooled.readState(key)).etag());
        }
        assertState(key, "pooled", etag);
        storage.close();
        storage = null;
        assertEquals(0, queryLong("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '" + databaseName
            + "' AND pid <> pg_backend_pid()"));
    }

    @Test
    void connectionsTheServerDropsAreReplacedWithoutLosingAnOperation() throws SQLException {
        final StateKey key = state("player", "s:reconnect", "state");
        final ContractTable table = ContractTable.of("reconnected", KeyKind.LONG, null);
        final String v1 = await(storage.writeState(key, bytes("before"), null));
        await(storage.upsert(table, 1L, null, bytes("row")));
        assertState(key, "before", v1);

        // every connection of the storage (the writer's and the readers') dies, as in a server restart
        final long dropped = queryLong("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '"
            + databaseName + "' AND pid <> pg_backend_pid()");
        assertEquals(true, dropped >= 2, "dropped " + dropped);

        final String v2 = await(storage.writeState(key, bytes("after"), v1));
        assertState(key, "after", v2);
        assertEquals("row", text(await(storage.get(table, 1L, null))));
    }

    @Test
    void aCheckFailsWhileTheDatabaseRefusesConnectionsAndSucceedsOnceItTakesThemAgain() throws SQLException {
        assertEquals(null, await(storage.check(Duration.ofSeconds(5))));
        try (Connection admin = EmbeddedPostgresServer.get().getPostgresDatabase().getConnection();
             Statement statement = admin.createStatement()) {
            // the database stops taking connections and drops the storage's: unreachable to it
            statement.execute("ALTER DATABASE " + databaseName + " WITH ALLOW_CONNECTIONS false");
            try {
                statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + databaseName + "'");
                final ExecutionException e = assertThrows(ExecutionException.class,
                    () -> storage.check(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof StorageException, e.toString());
                assertTrue(e.getCause().getMessage().contains("check of"), e.getCause().getMessage());
            } finally {
                statement.execute("ALTER DATABASE " + databaseName + " WITH ALLOW_CONNECTIONS true");
            }
        }
        assertEquals(null, await(storage.check(Duration.ofSeconds(5))), "the next check opens a new connection");
    }
}
