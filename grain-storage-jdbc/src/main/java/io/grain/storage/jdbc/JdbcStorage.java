package io.grain.storage.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.grain.storage.KeyKind;
import io.grain.storage.StateConflictException;
import io.grain.storage.StateKey;
import io.grain.storage.Storage;
import io.grain.storage.StorageException;
import io.grain.storage.StoredReminder;
import io.grain.storage.StoredState;
import io.grain.storage.StoredType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * Grain state and {@code @Stored} records in a SQL database: SQLite (the embedded default, one
 * file in WAL mode) or PostgreSQL (through a {@code DataSource}, or a HikariCP pool of its own).
 *
 * <pre>{@code
 * GrainMember.builder().storage(JdbcStorage.sqlite(Path.of("game.db")))
 * GrainMember.builder().storage(JdbcStorage.postgres(dataSource))
 * }</pre>
 *
 * <p>Starting creates or migrates the schema (versioned in {@code grain_schema_version}); record
 * tables are made on first use. Every operation returns at once: writes go to a bounded queue that
 * one writer thread drains, running what it drained in one transaction (group commit); reads go
 * to a bounded queue that a few reader threads share. A full queue fails the operation at once with
 * a {@link StorageException}: callers are shard threads and never wait. A write's future completes
 * after its transaction committed, so a completed write survives a crash of the member (on SQLite
 * with {@code synchronous=FULL}, also a power loss). Futures complete on the storage's threads.
 *
 * <p>Payloads are copied when an operation is called, so what the caller does with its array
 * afterwards never changes what is stored.
 *
 * <p>Thread ownership: any thread. Whoever builds a storage closes it; a {@code DataSource} passed
 * in stays the caller's, a pool the storage made is closed with it.
 */
public final class JdbcStorage implements Storage {
    /** Default bound of the write queue and of the read queue, in operations. */
    public static final int DEFAULT_QUEUE_CAPACITY = 8192;
    /** Default most writes committed in one transaction. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 512;
    /** Default number of reader threads, each with a connection. */
    public static final int DEFAULT_READER_THREADS = 2;
    /** Most reader threads a storage may have. */
    public static final int MAX_READER_THREADS = 64;
    /** Default time a SQLite connection waits for a lock another connection or process holds. */
    public static final Duration DEFAULT_SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final ConnectionSource source;
    private final Dialect dialect;
    private final int queueCapacity;
    private final GroupCommitWriter writer;
    private final ReaderPool readers;
    private final ConcurrentHashMap<String, RecordTable> tables = new ConcurrentHashMap<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    private JdbcStorage(final Builder builder, final ConnectionSource source) {
        this.source = source;
        this.dialect = source.dialect();
        this.queueCapacity = builder.queueCapacity;
        try (Connection connection = source.open()) {
            SchemaMigrations.migrate(connection, dialect);
        } catch (final SQLException e) {
            source.close();
            throw new StorageException("cannot open the " + dialect.name() + " storage at " + source + ": "
                + e.getMessage(), e);
        } catch (final RuntimeException e) {
            source.close();
            throw e;
        }
        final String name = "grain-storage-" + dialect.name().toLowerCase(java.util.Locale.ROOT) + "-"
            + INSTANCES.incrementAndGet();
        this.writer = new GroupCommitWriter(source, builder.queueCapacity, builder.maxBatchSize, name + "-writer");
        this.readers = new ReaderPool(source, builder.queueCapacity, builder.readerThreads, name + "-reader");
        writer.start();
        readers.start();
    }

    /** A storage in the SQLite file {@code file} (made, with its directories, if missing), with defaults. */
    public static JdbcStorage sqlite(final Path file) {
        return builder().sqlite(file).build();
    }

    /** A storage in the PostgreSQL database of {@code dataSource}, which stays the caller's to close. */
    public static JdbcStorage postgres(final DataSource dataSource) {
        return builder().postgres(dataSource).build();
    }

    /** A storage in a PostgreSQL database through a HikariCP pool of its own, closed with the storage. */
    public static JdbcStorage postgres(final String jdbcUrl, final String user, final String password) {
        return builder().postgres(jdbcUrl, user, password).build();
    }

    /** A builder for a storage with other than the default tunables. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many transactions the writer has committed: for metrics, and to see group commit at work. */
    public long commitCount() {
        return writer.commitCount();
    }

    /**
     * Runs {@code SELECT 1} on a reader's connection (a new one when the last broke), with the
     * timeout as the statement's query timeout and as the future's: a database that cannot be
     * reached, or does not answer within {@code timeout}, fails the check. Never blocks the caller.
     */
    @Override
    public CompletableFuture<Void> check(final Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("check timeout must be positive: " + timeout);
        }
        final int seconds = (int)Math.max(1, Math.min(Integer.MAX_VALUE, (timeout.toMillis() + 999) / 1000));
        final CompletableFuture<Void> check = read(new ReadTask<>("check of " + this, (connection, d) -> {
            try (Statement statement = connection.connection().createStatement()) {
                statement.setQueryTimeout(seconds);
                try (ResultSet result = statement.executeQuery("SELECT 1")) {
                    if (!result.next()) {
                        throw new StorageException("SELECT 1 returned no row");
                    }
                }
            }
            return null;
        }));
        return check.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public CompletableFuture<StoredState> readState(final StateKey key) {
        Objects.requireNonNull(key, "key");
        return read(new ReadTask<>("read", null, key, null, (connection, d) -> {
            final PreparedStatement statement = connection.statement(StateTable.READ);
            WriteOp.bindState(statement, 1, key);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return null;
                }
                final byte[] payload = result.getBytes(1);
                return payload == null ? null : new StoredState(payload, Long.toString(result.getLong(2)));
            }
        }));
    }

    @Override
    public CompletableFuture<String> writeState(final StateKey key, final byte[] payload, final String etag) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
        if (etag == null) {
            return write(new WriteOp.StateCreate(key, payload.clone()));
        }
        final long version = parseVersion(etag);
        if (version < 1) {
            return CompletableFuture.failedFuture(notAVersion(key, etag));
        }
        return write(new WriteOp.StateUpdate(key, payload.clone(), version));
    }

    @Override
    public CompletableFuture<Void> clearState(final StateKey key, final String etag) {
        Objects.requireNonNull(key, "key");
        if (etag == null) {
            return write(new WriteOp.StateClearAbsent(key));
        }
        final long version = parseVersion(etag);
        if (version < 1) {
            return CompletableFuture.failedFuture(notAVersion(key, etag));
        }
        return write(new WriteOp.StateClear(key, version));
    }

    @Override
    public CompletableFuture<Void> upsert(final StoredType<?> table, final Object key, final Object subkey,
        final byte[] payload) {
        try {
            final RecordTable t = table(table);
            checkKeys(t, key, subkey, true, "upsert");
            Objects.requireNonNull(payload, "payload");
            return write(new WriteOp.RowUpsert(t, key, subkey, payload.clone()));
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Void> insert(final StoredType<?> table, final Object key, final Object subkey,
        final byte[] payload) {
        try {
            final RecordTable t = table(table);
            checkKeys(t, key, subkey, true, "insert");
            Objects.requireNonNull(payload, "payload");
            return write(new WriteOp.RowInsert(t, key, subkey, payload.clone()));
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<byte[]> get(final StoredType<?> table, final Object key, final Object subkey) {
        try {
            final RecordTable t = table(table);
            checkKeys(t, key, subkey, true, "get");
            return read(new ReadTask<>("get", t, key, subkey, (connection, d) -> {
                final PreparedStatement statement = connection.statement(t.getSql);
                d.bindKey(statement, 1, t.keyKind(), key);
                if (subkey != null) {
                    d.bindKey(statement, 2, t.subkeyKind(), subkey);
                }
                try (ResultSet result = statement.executeQuery()) {
                    return result.next() ? result.getBytes(1) : null;
                }
            }));
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<List<byte[]>> query(final StoredType<?> table, final Object key) {
        try {
            final RecordTable t = table(table);
            checkKeys(t, key, null, false, "query");
            return read(new ReadTask<>("query", t, key, null, (connection, d) -> {
                final PreparedStatement statement = connection.statement(t.querySql);
                d.bindKey(statement, 1, t.keyKind(), key);
                final List<byte[]> rows = new ArrayList<>();
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        rows.add(result.getBytes(1));
                    }
                }
                return rows;
            }));
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public CompletableFuture<Integer> delete(final StoredType<?> table, final Object key, final Object subkey) {
        try {
            final RecordTable t = table(table);
            checkKeys(t, key, subkey, false, "delete");
            return write(new WriteOp.RowDelete(t, key, subkey));
        } catch (final RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    // ---- reminders ---------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> upsertReminder(final StoredReminder reminder) {
        Objects.requireNonNull(reminder, "reminder");
        return write(new WriteOp.ReminderUpsert(reminder));
    }

    @Override
    public CompletableFuture<Boolean> deleteReminder(final String kind, final String key, final String name) {
        return write(new WriteOp.ReminderDelete(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(key, "key"),
            Objects.requireNonNull(name, "name")));
    }

    @Override
    public CompletableFuture<Boolean> recordReminderTick(final String kind, final String key, final String name,
        final long startMillis, final long periodMillis, final long tickMillis) {
        return write(new WriteOp.ReminderTick(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(key, "key"),
            Objects.requireNonNull(name, "name"), startMillis, periodMillis, tickMillis));
    }

    @Override
    public CompletableFuture<List<StoredReminder>> readReminders(final String kind, final String key) {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(key, "key");
        return read(new ReadTask<>("read of the reminders of " + kind + "/" + key, (connection, d) -> {
            final PreparedStatement statement = connection.statement(ReminderTable.READ_GRAIN);
            statement.setString(1, kind);
            statement.setString(2, key);
            return reminders(statement);
        }));
    }

    @Override
    public CompletableFuture<List<StoredReminder>> scanReminders(final StoredReminder after, final int limit) {
        if (limit < 1) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("limit must be positive: " + limit));
        }
        return read(new ReadTask<>("scan of reminders after " + (after == null ? "the start" : after.kind() + "/"
            + after.key() + "/" + after.name()), (connection, d) -> {
                final PreparedStatement statement;
                if (after == null) {
                    statement = connection.statement(ReminderTable.SCAN_FIRST);
                    statement.setInt(1, limit);
                } else {
                    statement = connection.statement(ReminderTable.SCAN_AFTER);
                    ReminderTable.bindName(statement, 1, after.kind(), after.key(), after.name());
                    statement.setInt(4, limit);
                }
                return reminders(statement);
            }));
    }

    // ---- topic subscriptions ---------------------------------------------------------------------

    @Override
    public CompletableFuture<Void> upsertSubscription(final String topic, final String subscriber) {
        return write(new WriteOp.SubscriptionUpsert(Objects.requireNonNull(topic, "topic"),
            Objects.requireNonNull(subscriber, "subscriber")));
    }

    @Override
    public CompletableFuture<Boolean> deleteSubscription(final String topic, final String subscriber) {
        return write(new WriteOp.SubscriptionDelete(Objects.requireNonNull(topic, "topic"),
            Objects.requireNonNull(subscriber, "subscriber")));
    }

    @Override
    public CompletableFuture<List<String>> readSubscriptions(final String topic) {
        Objects.requireNonNull(topic, "topic");
        return read(new ReadTask<>("read of the subscribers of topic " + topic, (connection, d) -> {
            final PreparedStatement statement = connection.statement(SubscriptionTable.READ_TOPIC);
            statement.setString(1, topic);
            final List<String> subscribers = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    subscribers.add(result.getString(1));
                }
            }
            return subscribers;
        }));
    }

    private static List<StoredReminder> reminders(final PreparedStatement statement) throws SQLException {
        final List<StoredReminder> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                rows.add(ReminderTable.read(result));
            }
        }
        return rows;
    }

    /**
     * Lets the writer commit what was queued and the readers answer what was queued, stops their
     * threads, fails what was queued after, and closes the pool if the storage made it. Blocks
     * until then. Operations after it fail with a {@link StorageException}. Idempotent.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        final String message = "the storage is closed";
        boolean interrupted = false;
        try {
            writer.stop(message);
        } catch (final InterruptedException e) {
            interrupted = true;
        }
        try {
            readers.stop(message);
        } catch (final InterruptedException e) {
            interrupted = true;
        }
        source.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "JdbcStorage[" + dialect.name() + " " + source + "]";
    }

    private <T> CompletableFuture<T> write(final WriteOp<T> op) {
        if (closed) {
            op.fail(new StorageException(op.describe() + " failed: the storage is closed"));
        } else if (writer.failure() != null) {
            op.fail(new StorageException(op.describe() + " failed: the storage's writer thread failed",
                writer.failure()));
        } else if (!writer.offer(op)) {
            op.fail(new StorageException(op.describe() + " refused: the write queue is full (" + queueCapacity
                + " writes); the database does not keep up"));
        } else if ((closed || writer.failure() != null) && writer.withdraw(op)) {
            // close() began, or the writer died, after the checks above: nobody may take this op
            op.fail(new StorageException(op.describe() + " failed: the storage is closed or its writer failed"));
        }
        return op.future;
    }

    private <T> CompletableFuture<T> read(final ReadTask<T> task) {
        if (closed) {
            task.fail(new StorageException(task.describe() + " failed: the storage is closed"));
        } else if (!readers.offer(task)) {
            task.fail(new StorageException(task.describe() + " refused: the read queue is full (" + queueCapacity
                + " reads); the database does not keep up"));
        } else if (closed && readers.withdraw(task)) {
            task.fail(new StorageException(task.describe() + " failed: the storage is closed"));
        }
        return task.future;
    }

    private RecordTable table(final StoredType<?> type) {
        Objects.requireNonNull(type, "table");
        final String name = type.table();
        if (name == null) {
            throw new StorageException(type + " names no table");
        }
        RecordTable table = tables.get(name);
        if (table == null) {
            final RecordTable made = RecordTable.of(type, dialect);
            table = tables.putIfAbsent(name, made);
            if (table == null) {
                table = made;
            }
        }
        if (!table.fits(type)) {
            throw new StorageException("table '" + name + "' is used by two @Stored records with different keys: "
                + (type.type() == null ? type.toString() : type.type().getName()) + " (" + type.keyName() + " " + type.keyKind() + ", " + type.subkeyName() + " "
                + type.subkeyKind() + ") does not fit the table as first used; give one of them another table name");
        }
        return table;
    }

    private static void checkKeys(final RecordTable table, final Object key, final Object subkey,
        final boolean subkeyRequired, final String operation) {
        checkKey(table, table.keyKind(), key, "key", operation);
        if (table.hasSubkey()) {
            if (subkey != null) {
                checkKey(table, table.subkeyKind(), subkey, "subkey", operation);
            } else if (subkeyRequired) {
                throw new IllegalArgumentException(operation + " on table '" + table.name() + "' needs a subkey of type "
                    + table.subkeyKind().javaType().getSimpleName());
            }
        } else if (subkey != null) {
            throw new IllegalArgumentException(operation + " on table '" + table.name() + "' got a subkey, but the "
                + "table has none");
        }
    }

    private static void checkKey(final RecordTable table, final KeyKind kind, final Object key, final String role,
        final String operation) {
        if (key == null) {
            throw new IllegalArgumentException(operation + " on table '" + table.name() + "' got a null " + role);
        }
        if (!kind.javaType().isInstance(key)) {
            throw new IllegalArgumentException(operation + " on table '" + table.name() + "' got a " + role + " of type "
                + key.getClass().getName() + "; the table's " + role + " is a " + kind.javaType().getSimpleName());
        }
    }

    private static long parseVersion(final String etag) {
        try {
            return Long.parseLong(etag);
        } catch (final NumberFormatException e) {
            return -1;
        }
    }

    private static StateConflictException notAVersion(final StateKey key, final String etag) {
        return new StateConflictException("grain state " + key + ": etag '" + etag
            + "' is no version this storage gave out, so it cannot be the stored one");
    }

    /**
     * The tunables of a {@link JdbcStorage} and the database it runs on, validated once by
     * {@link #build()}. The database is the last of {@link #sqlite}, {@link #postgres(DataSource)}
     * and {@link #postgres(String, String, String)} called.
     *
     * <p>Thread ownership: one thread, until {@link #build()}.
     */
    public static final class Builder {
        private Path sqliteFile;
        private DataSource dataSource;
        private String jdbcUrl;
        private String user;
        private String password;
        private int queueCapacity = DEFAULT_QUEUE_CAPACITY;
        private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
        private int readerThreads = DEFAULT_READER_THREADS;
        private Duration sqliteBusyTimeout = DEFAULT_SQLITE_BUSY_TIMEOUT;

        private Builder() {
        }

        /** Stores in the SQLite file {@code file}, made with its directories if missing. */
        public Builder sqlite(final Path file) {
            clearDatabase();
            this.sqliteFile = Objects.requireNonNull(file, "file");
            return this;
        }

        /** Stores in the PostgreSQL database of {@code dataSource}; the caller closes it after the storage. */
        public Builder postgres(final DataSource dataSource) {
            clearDatabase();
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            return this;
        }

        /**
         * Stores in a PostgreSQL database through a HikariCP pool the storage makes (one connection
         * for the writer and one per reader) and closes.
         */
        public Builder postgres(final String jdbcUrl, final String user, final String password) {
            clearDatabase();
            this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            this.user = user;
            this.password = password;
            return this;
        }

        /**
         * Bound of the write queue and of the read queue (default {@link #DEFAULT_QUEUE_CAPACITY}):
         * an operation that finds its queue full fails at once.
         */
        public Builder queueCapacity(final int queueCapacity) {
            this.queueCapacity = queueCapacity;
            return this;
        }

        /** Most writes in one transaction (default {@link #DEFAULT_MAX_BATCH_SIZE}). */
        public Builder maxBatchSize(final int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
            return this;
        }

        /** Reader threads, each with its own connection (default {@link #DEFAULT_READER_THREADS}). */
        public Builder readerThreads(final int readerThreads) {
            this.readerThreads = readerThreads;
            return this;
        }

        /**
         * SQLite only: how long a connection waits for a lock another holds (default
         * {@link #DEFAULT_SQLITE_BUSY_TIMEOUT}) before its operation fails.
         */
        public Builder sqliteBusyTimeout(final Duration timeout) {
            this.sqliteBusyTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Validates the settings, opens the database, creates or migrates the schema and starts the
         * storage's threads.
         *
         * @throws IllegalArgumentException when a setting is out of range, or the URL is not PostgreSQL's.
         * @throws IllegalStateException when no database was chosen.
         * @throws StorageException when the database cannot be opened or migrated.
         */
        public JdbcStorage build() {
            if (sqliteFile == null && dataSource == null && jdbcUrl == null) {
                throw new IllegalStateException("choose a database: sqlite(path) or postgres(..)");
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1: " + queueCapacity);
            }
            if (maxBatchSize < 1) {
                throw new IllegalArgumentException("maxBatchSize must be at least 1: " + maxBatchSize);
            }
            if (readerThreads < 1 || readerThreads > MAX_READER_THREADS) {
                throw new IllegalArgumentException("readerThreads must be 1.." + MAX_READER_THREADS + ": " + readerThreads);
            }
            if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
                throw new IllegalArgumentException("postgres(jdbcUrl, ..) needs a jdbc:postgresql: URL: " + jdbcUrl);
            }
            if (sqliteBusyTimeout.isNegative()) {
                throw new IllegalArgumentException("sqliteBusyTimeout must not be negative: " + sqliteBusyTimeout);
            }
            return new JdbcStorage(this, connections());
        }

        private ConnectionSource connections() {
            if (sqliteFile != null) {
                final Path parent = sqliteFile.toAbsolutePath().getParent();
                try {
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                } catch (final IOException e) {
                    throw new StorageException("cannot make the directory of the SQLite file " + sqliteFile + ": " + e, e);
                }
                return new SqliteConnections(sqliteFile, sqliteBusyTimeout);
            }
            if (dataSource != null) {
                return new DataSourceConnections(PostgresDialect.INSTANCE, dataSource);
            }
            final HikariConfig config = new HikariConfig();
            config.setJdbcUrl(jdbcUrl);
            config.setUsername(user);
            config.setPassword(password);
            // the writer and every reader hold one connection each; one more for a reconnect
            config.setMaximumPoolSize(readerThreads + 2);
            config.setPoolName("grain-storage-" + INSTANCES.get());
            try {
                return new DataSourceConnections(PostgresDialect.INSTANCE, new HikariDataSource(config));
            } catch (final RuntimeException e) {
                throw new StorageException("cannot open a pool to " + jdbcUrl + ": " + e.getMessage(), e);
            }
        }

        private void clearDatabase() {
            sqliteFile = null;
            dataSource = null;
            jdbcUrl = null;
            user = null;
            password = null;
        }
    }
}
