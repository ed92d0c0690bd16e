package io.grain.benchmarks.scenario;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The anchor of the state-writes scenario: the same database driven by plain JDBC, one single-row
 * upsert per transaction, from a fixed number of threads with a connection each. The table has the
 * shape of {@code grain_state} (kind, key, state name, payload, version; the same primary key) and
 * every upsert stores the same payload bytes a grain writes and moves the version on, as a state
 * write does.
 *
 * <p>SQLite transactions are {@code BEGIN IMMEDIATE ... COMMIT} (as the storage's are: with
 * several connections a deferred transaction could fail on lock upgrade); PostgreSQL runs each
 * statement in auto-commit, its cheapest single-row transaction (one round trip).
 *
 * <p>Thread ownership: {@link #run} is called by one thread and starts and joins its own workers.
 */
final class JdbcUpsertAnchor {
    static final String TABLE = "anchor_state";
    private static final String UPSERT = "INSERT INTO " + TABLE + " (kind, grain_key, state_name, payload, version) VALUES (?, ?, ?, ?, 1) "
        + "ON CONFLICT (kind, grain_key, state_name) DO UPDATE SET payload = excluded.payload, version = " + TABLE + ".version + 1";

    private final BenchDatabase.Fresh database;
    private final byte[] payload;
    private final int keys;

    /** One measured window at one thread count. */
    record Window(int threads, long ok, long errors, double seconds, Histogram latencyNanos) {
        double rate() {
            return ok / seconds;
        }
    }

    JdbcUpsertAnchor(final BenchDatabase.Fresh database, final byte[] payload, final int keys) throws SQLException {
        this.database = database;
        this.payload = payload.clone();
        this.keys = keys;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            final String blob = database.sqlite() ? "BLOB" : "BYTEA";
            final String bigint = database.sqlite() ? "INTEGER" : "BIGINT";
            statement.execute("CREATE TABLE " + TABLE + " (kind TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, "
                + "payload " + blob + ", version " + bigint + " NOT NULL, PRIMARY KEY (kind, grain_key, state_name))");
        }
    }

    /**
     * Upserts from {@code threads} threads for {@code warmupNanos} (not counted), then for
     * {@code measureNanos}. Thread {@code t} writes keys {@code t, t + threads, ...} only, so no
     * two threads wait on one row's lock.
     */
    Window run(final int threads, final long warmupNanos, final long measureNanos) throws InterruptedException {
        final Recorder recorder = new Recorder(3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final long start = System.nanoTime() + warmupNanos;
        final long end = start + measureNanos;
        final CountDownLatch done = new CountDownLatch(threads);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int first = t;
            final Thread worker = new Thread(() -> {
                try {
                    upsertUntil(first, threads, start, end, recorder, ok, errors);
                } finally {
                    done.countDown();
                }
            }, "anchor-" + t);
            workers.add(worker);
            worker.start();
        }
        done.await();
        for (final Thread worker : workers) {
            worker.join();
        }
        return new Window(threads, ok.get(), errors.get(), measureNanos / 1e9, recorder.getIntervalHistogram());
    }

    private void upsertUntil(final int first, final int stride, final long start, final long end, final Recorder recorder,
                             final AtomicLong ok, final AtomicLong errors) {
        final boolean sqlite = database.sqlite();
        try (Connection connection = database.connect(); PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
            connection.setAutoCommit(!sqlite);
            upsert.setString(1, "state-writer");
            upsert.setString(3, "tally");
            upsert.setBytes(4, payload);
            long key = first;
            long now;
            while ((now = System.nanoTime()) < end) {
                upsert.setString(2, "l:" + key);
                key += stride;
                if (key >= keys) {
                    key = first;
                }
                try {
                    upsert.executeUpdate();
                    if (sqlite) {
                        connection.commit();
                    }
                    final long finished = System.nanoTime();
                    if (now >= start && finished <= end) {
                        ok.incrementAndGet();
                        recorder.recordValue(Math.max(1, finished - now));
                    }
                } catch (final SQLException ex) {
                    if (now >= start) {
                        errors.incrementAndGet();
                    }
                    rollbackQuietly(connection, sqlite);
                }
            }
        } catch (final SQLException ex) {
            // a connection that cannot be opened counts as one error; the window goes on without it
            errors.incrementAndGet();
        }
    }

    private static void rollbackQuietly(final Connection connection, final boolean sqlite) {
        if (!sqlite) {
            return;
        }
        try {
            connection.rollback();
        } catch (final SQLException ignored) {
            // the next upsert finds out whether the connection still works
        }
    }
}
