package io.grain.storage.jdbc;

import io.grain.storage.KeyKind;
import io.grain.storage.StateKey;
import io.grain.storage.Storage;
import io.grain.storage.StorageException;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link StorageContractTest} plus what is particular to {@link JdbcStorage}: the schema
 * (created once, survives a reopen, refuses a newer version), record tables that exist with other
 * columns, table names that are not names, group commit, a full queue, a database that refuses
 * one write of a batch, and close draining the queue. A subclass supplies a fresh database and a
 * second connection to it.
 */
abstract class JdbcStorageContractTest extends StorageContractTest {
    /** A builder over this test's database, with the defaults. */
    protected abstract JdbcStorage.Builder builder();

    /** Runs statements on a connection of the test's own, outside the storage. */
    protected abstract void execute(String... statements) throws SQLException;

    /** Runs a query that answers one number, on a connection of the test's own. */
    protected abstract long queryLong(String sql) throws SQLException;

    /**
     * Holds a lock, from a connection of the test's own, that stops the storage's writer from
     * committing anything to {@code table} (which exists) until the returned handle is closed.
     */
    protected abstract AutoCloseable holdWriteLock(String table) throws SQLException;

    /** Statements that make the database refuse (raise an error on) inserting {@code owner} into {@code table}. */
    protected abstract String[] refuseOwner(String table, long owner);

    /** A table that exists with a TEXT key named owner, where the test's record wants a 64-bit key. */
    protected abstract String textKeyedTable(String table);

    /** A table with the right columns (a 64-bit owner, a payload) but no primary key. */
    protected abstract String tableWithoutPrimaryKey(String table);

    @Override
    protected Storage newStorage() {
        return builder().build();
    }

    private JdbcStorage jdbc() {
        return (JdbcStorage)storage;
    }

    @Test
    void aCheckOfAReachableDatabaseSucceeds() {
        assertEquals(null, await(storage.check(Duration.ofSeconds(5))));
    }

    @Test
    void aCheckOfAClosedStorageFailsSayingSo() {
        storage.close();
        final ExecutionException e = assertThrows(ExecutionException.class,
            () -> storage.check(Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof StorageException, e.toString());
        assertTrue(e.getCause().getMessage().contains("closed"), e.getCause().getMessage());
    }

    @Test
    void aCheckTimeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> storage.check(Duration.ZERO));
    }

    @Test
    void theSchemaIsCreatedOnceAndDataSurvivesAReopen() throws SQLException {
        final StateKey key = state("player", "s:alice", "state");
        final ContractTable table = ContractTable.of("items", KeyKind.LONG, KeyKind.LONG);
        final String etag = await(storage.writeState(key, bytes("kept"), null));
        await(storage.upsert(table, 1L, 2L, bytes("item")));
        storage.close();

        storage = newStorage();
        assertState(key, "kept", etag);
        assertEquals("item", text(await(storage.get(table, 1L, 2L))));
        assertEquals(SchemaMigrations.latestVersion(SqliteDialect.INSTANCE),
            queryLong("SELECT COUNT(*) FROM grain_schema_version"));
        assertEquals(SchemaMigrations.latestVersion(SqliteDialect.INSTANCE),
            queryLong("SELECT MAX(version) FROM grain_schema_version"));
        final String next = await(storage.writeState(key, bytes("again"), etag));
        assertState(key, "again", next);
    }

    @Test
    void aDatabaseOfANewerSchemaVersionIsRefusedAtStart() throws SQLException {
        storage.close();
        execute("INSERT INTO grain_schema_version (version, description, applied_at) VALUES (99, 'from the future', 'x')");
        final StorageException failure = assertThrows(StorageException.class, this::newStorage);
        assertTrue(failure.getMessage().contains("schema version 99"), failure.getMessage());
        storage = null;
    }

    @Test
    void anExistingTableWithOtherKeyColumnsFailsItsOperationsClearly() throws SQLException {
        execute(textKeyedTable("wrong_keys"));
        final ContractTable table = ContractTable.of("wrong_keys", KeyKind.LONG, null);

        final Throwable write = failureOf(storage.upsert(table, 1L, null, bytes("x")));
        assertInstanceOf(StorageException.class, write);
        assertTrue(write.getMessage().contains("'wrong_keys'") && write.getMessage().contains("owner"),
            write.getMessage());
        assertInstanceOf(StorageException.class, failureOf(storage.get(table, 1L, null)));

        // the rest of the storage goes on
        final ContractTable fine = ContractTable.of("right_keys", KeyKind.LONG, null);
        await(storage.upsert(fine, 1L, null, bytes("ok")));
        assertEquals("ok", text(await(storage.get(fine, 1L, null))));
    }

    @Test
    void anExistingTableWithoutThePrimaryKeyFailsItsOperationsClearly() throws SQLException {
        execute(tableWithoutPrimaryKey("no_key"));
        final ContractTable table = ContractTable.of("no_key", KeyKind.LONG, null);
        final Throwable failure = failureOf(storage.insert(table, 1L, null, bytes("x")));
        assertInstanceOf(StorageException.class, failure);
        assertTrue(failure.getMessage().contains("'no_key'") && failure.getMessage().contains("primary key (owner)"),
            failure.getMessage());
        assertEquals(0, queryLong("SELECT COUNT(*) FROM no_key"));
    }

    @Test
    void aTableNameThatIsNotANameIsRefusedBeforeAnySql() throws SQLException {
        final ContractTable evil = ContractTable.of("x\"; DROP TABLE grain_state; --", KeyKind.LONG, null);
        final Throwable failure = failureOf(storage.upsert(evil, 1L, null, bytes("x")));
        assertInstanceOf(StorageException.class, failure);
        assertTrue(failure.getMessage().contains("not a valid name"), failure.getMessage());
        assertInstanceOf(StorageException.class, failureOf(storage.query(ContractTable.of("Upper", KeyKind.LONG, null), 1L)));
        assertInstanceOf(StorageException.class,
            failureOf(storage.get(ContractTable.of("grain_state", KeyKind.LONG, null), 1L, null)));
        assertInstanceOf(StorageException.class,
            failureOf(storage.get(ContractTable.of("grain_reminders", KeyKind.LONG, null), 1L, null)));
        assertInstanceOf(StorageException.class,
            failureOf(storage.get(ContractTable.of("grain_topic_subscriptions", KeyKind.LONG, null), 1L, null)));
        final StateKey key = state("player", "s:still-here", "state");
        await(storage.writeState(key, bytes("x"), null));
        assertEquals(1, queryLong("SELECT COUNT(*) FROM grain_state"));
    }

    @Test
    void writesQueuedTogetherShareOneCommit() throws Exception {
        final ContractTable table = ContractTable.of("batched", KeyKind.LONG, null);
        await(storage.upsert(table, 0L, null, bytes("warm")));
        final int writes = 300;
        final long before = jdbc().commitCount();
        final List<CompletableFuture<Void>> all = new ArrayList<>();
        final AutoCloseable lock = holdWriteLock("batched");
        try {
            // the writer holds at most one batch while it waits for the lock; the rest queue up
            for (long i = 1; i <= writes; i++) {
                all.add(storage.upsert(table, i, null, bytes("v" + i)));
            }
        } finally {
            lock.close();
        }
        for (final CompletableFuture<Void> f : all) {
            await(f);
        }
        final long commits = jdbc().commitCount() - before;
        // one commit for what the writer held while it waited, one for the rest (batch size 512)
        assertTrue(commits >= 1 && commits <= 2, "commits: " + commits);
        assertEquals(writes + 1, queryLong("SELECT COUNT(*) FROM batched"));
    }

    @Test
    void aFullWriteQueueFailsAtOnceAndLosesNothingItAccepted() throws Exception {
        storage.close();
        final int capacity = 4;
        final int batch = 2;
        storage = builder().queueCapacity(capacity).maxBatchSize(batch).build();
        final ContractTable table = ContractTable.of("queued", KeyKind.LONG, null);
        await(storage.upsert(table, 0L, null, bytes("warm")));

        final List<CompletableFuture<Void>> accepted = new ArrayList<>();
        int refused = 0;
        final AutoCloseable lock = holdWriteLock("queued");
        try {
            // at most `batch` writes in the writer's hands and `capacity` in the queue
            for (long i = 1; i <= capacity + batch + 1; i++) {
                final CompletableFuture<Void> f = storage.upsert(table, i, null, bytes("v" + i));
                if (f.isCompletedExceptionally()) {
                    final Throwable failure = failureOf(f);
                    assertInstanceOf(StorageException.class, failure);
                    assertTrue(failure.getMessage().contains("queue is full"), failure.getMessage());
                    refused++;
                } else {
                    accepted.add(f);
                }
            }
        } finally {
            lock.close();
        }
        assertTrue(refused >= 1, "no write was refused");
        for (final CompletableFuture<Void> f : accepted) {
            await(f);
        }
        assertEquals(accepted.size() + 1, queryLong("SELECT COUNT(*) FROM queued"));
    }

    @Test
    void aWriteTheDatabaseRefusesFailsAloneAndItsBatchIsStored() throws Exception {
        final ContractTable table = ContractTable.of("guarded", KeyKind.LONG, null);
        await(storage.upsert(table, 0L, null, bytes("warm")));
        execute(refuseOwner("guarded", 666));
        final StateKey key = state("player", "s:batched", "state");

        final List<CompletableFuture<Void>> fine = new ArrayList<>();
        final CompletableFuture<Void> refused;
        final CompletableFuture<String> stateWrite;
        final AutoCloseable lock = holdWriteLock("guarded");
        try {
            for (long i = 1; i <= 5; i++) {
                fine.add(storage.upsert(table, i, null, bytes("v" + i)));
            }
            refused = storage.upsert(table, 666L, null, bytes("no"));
            stateWrite = storage.writeState(key, bytes("s"), null);
            for (long i = 6; i <= 10; i++) {
                fine.add(storage.upsert(table, i, null, bytes("v" + i)));
            }
        } finally {
            lock.close();
        }
        final Throwable failure = failureOf(refused);
        assertInstanceOf(StorageException.class, failure);
        assertTrue(failure.getMessage().contains("guarded(owner=666)"), failure.getMessage());
        for (final CompletableFuture<Void> f : fine) {
            await(f);
        }
        assertState(key, "s", await(stateWrite));
        assertEquals(11, queryLong("SELECT COUNT(*) FROM guarded"));
    }

    @Test
    void closeCommitsWhatWasQueuedBeforeIt() throws SQLException {
        final ContractTable table = ContractTable.of("drained", KeyKind.LONG, null);
        await(storage.upsert(table, 0L, null, bytes("warm")));
        final List<CompletableFuture<Void>> queued = new ArrayList<>();
        for (long i = 1; i <= 200; i++) {
            queued.add(storage.upsert(table, i, null, bytes("v" + i)));
        }
        storage.close();
        for (final CompletableFuture<Void> f : queued) {
            await(f);
        }
        assertEquals(201, queryLong("SELECT COUNT(*) FROM drained"));
    }

    @Test
    void theBuilderRefusesSettingsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> builder().queueCapacity(0).build());
        assertThrows(IllegalArgumentException.class, () -> builder().maxBatchSize(0).build());
        assertThrows(IllegalArgumentException.class, () -> builder().readerThreads(0).build());
        assertThrows(IllegalArgumentException.class,
            () -> builder().readerThreads(JdbcStorage.MAX_READER_THREADS + 1).build());
        assertThrows(IllegalStateException.class, () -> JdbcStorage.builder().build());
        assertThrows(IllegalArgumentException.class,
            () -> JdbcStorage.builder().postgres("jdbc:sqlite:x.db", "u", "p").build());
    }
}
