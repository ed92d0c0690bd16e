package io.grain.benchmarks.scenario;

import io.grain.benchmarks.grains.Idle;
import io.grain.benchmarks.grains.IdleGrain;
import io.grain.benchmarks.grains.StateLoader;
import io.grain.benchmarks.grains.StateLoaderGrain;
import io.grain.benchmarks.grains.StateWriter;
import io.grain.benchmarks.grains.StateWriterGrain;
import io.grain.benchmarks.grains.Tally;
import io.grain.benchmarks.grains.TallyStoredType;
import io.grain.benchmarks.load.LoadDriver;
import io.grain.benchmarks.load.ResultLine;
import io.grain.runtime.GrainMember;
import io.grain.runtime.wire.ProtoWriter;
import io.grain.storage.jdbc.JdbcStorage;

import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The storage scenarios, one per child JVM: {@code StorageScenario <name> db=sqlite|postgres dir=DIR key=value...}.
 * <pre>
 *   writes       grains StateWriter grains on one in-JVM member, each call set(..) + write(), answered once committed;
 *                pipelined with inflight calls (latency per call), then at fixedRate writes/s offered (latency of a
 *                write with no queue ahead of it); then the plain-JDBC anchor on a fresh database at
 *                each of anchorThreads (e.g. 1,2,4,8), the best thread count being the anchor
 *   activations  stored StateLoader states bulk-inserted first; activations/s of that many StateLoader grains
 *                (each loads its state) against as many Idle grains (no state), same member, same run
 * </pre>
 * The PostgreSQL server ({@code db=postgres}) is started by this JVM and stopped before it exits.
 * A benchmark main: figures go to stdout as {@link ResultLine}s.
 */
public final class StorageScenario {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final String STATE_NAME = TallyStoredType.INSTANCE.table();

    private StorageScenario() {
    }

    public static void main(final String[] args) throws Exception {
        final Options o = new Options(args, 1);
        try (BenchDatabase db = BenchDatabase.open(o.require("db"), Paths.get(o.require("dir")))) {
            switch (args[0]) {
                case "writes" -> writes(db, o);
                case "activations" -> activations(db, o);
                default -> throw new IllegalArgumentException("unknown storage scenario " + args[0]);
            }
        } catch (final Throwable ex) {
            // a failed scenario must end its JVM (library threads are not daemons), so the harness sees it at once;
            // the try closed the database (and stopped a PostgreSQL server) before this runs
            ex.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** {@code readers=n}: the storage's reader threads; the harness leaves the default. */
    private static int readers(final Options o) {
        return o.integer("readers", JdbcStorage.DEFAULT_READER_THREADS);
    }

    /** The payload a grain's write stores for {@code value}: the generated codec's bytes. */
    static byte[] payload(final long value) {
        final ProtoWriter writer = new ProtoWriter(32);
        TallyStoredType.INSTANCE.write(new Tally(value), writer);
        return writer.toByteArray();
    }

    private static void writes(final BenchDatabase db, final Options o) throws Exception {
        final String prefix = "storage." + db.kind() + ".writes";
        final int grains = o.integer("grains", 1000);
        final BenchDatabase.Fresh grainDb = db.fresh("grain_writes");
        long acknowledged = 0;
        try (JdbcStorage storage = grainDb.storage(readers(o));
             GrainMember member = GrainMember.builder().shards(1).callTimeout(CALL_TIMEOUT).storage(storage)
                 .register(StateWriter.class, StateWriterGrain::new).start()) {
            final StateWriter[] writers = new StateWriter[grains];
            for (int k = 0; k < grains; k++) {
                writers[k] = member.grains().get(StateWriter.class, (long)k);
            }
            final LoadDriver driver = new LoadDriver(i -> writers[i % grains].store(i), o.integer("inflight", 1000),
                CALL_TIMEOUT.toNanos());
            final LoadDriver.Outcome warm = driver.pipelined(o.millisAsNanos("warmupMs", 2000));
            final long commitsBefore = storage.commitCount();
            final LoadDriver.Outcome measured = driver.pipelined(o.millisAsNanos("measureMs", 3000), true);
            final long commits = storage.commitCount() - commitsBefore;
            measured.report("grain." + prefix);
            ResultLine.print("grain." + prefix + ".writesPerCommit", measured.ok() / (double)Math.max(1, commits));
            // one write at a time mostly: what a single write waits for when no queue of writes is ahead of it
            final int rate = o.integer("fixedRate", 200);
            final LoadDriver.Outcome fixed = driver.fixedRate(rate, o.millisAsNanos("measureMs", 3000));
            fixed.report("grain." + prefix + ".fixed" + rate);
            acknowledged = warm.ok() + measured.ok() + fixed.ok();
            ResultLine.print("grain." + prefix + ".warmupErrors", warm.errors() + warm.timeouts() + warm.hung());
        }
        // every acknowledged write must be in the database: each one moved its state's version on by one
        // (StateWriter is not reentrant, so a grain's calls never share one write())
        final long stored = sumOfVersions(grainDb, "grain_state");
        ResultLine.print("grain." + prefix + ".acknowledgedNotStored", Math.max(0, acknowledged - stored));

        final JdbcUpsertAnchor anchor = new JdbcUpsertAnchor(db.fresh("anchor_writes"), payload(grains), grains);
        JdbcUpsertAnchor.Window best = null;
        long anchorErrors = 0;
        for (final String count : o.get("anchorThreads", "1,2,4,8").split(",")) {
            final JdbcUpsertAnchor.Window window = anchor.run(Integer.parseInt(count), o.millisAsNanos("anchorWarmupMs", 1000),
                o.millisAsNanos("anchorMs", 3000));
            ResultLine.print("anchor." + prefix + ".threads" + count + ".rate", window.rate());
            if (window.latencyNanos().getTotalCount() > 0) {
                ResultLine.print("anchor." + prefix + ".threads" + count + ".p50_us", window.latencyNanos().getValueAtPercentile(50) / 1000.0);
                ResultLine.print("anchor." + prefix + ".threads" + count + ".p99_us", window.latencyNanos().getValueAtPercentile(99) / 1000.0);
            }
            anchorErrors += window.errors();
            if (best == null || window.rate() > best.rate()) {
                best = window;
            }
        }
        ResultLine.print("anchor." + prefix + ".rate", best.rate());
        ResultLine.print("anchor." + prefix + ".threads", best.threads());
        ResultLine.print("anchor." + prefix + ".errors", anchorErrors);
        if (best.latencyNanos().getTotalCount() > 0) {
            ResultLine.print("anchor." + prefix + ".p50_us", best.latencyNanos().getValueAtPercentile(50) / 1000.0);
            ResultLine.print("anchor." + prefix + ".p99_us", best.latencyNanos().getValueAtPercentile(99) / 1000.0);
        }
    }

    private static long sumOfVersions(final BenchDatabase.Fresh database, final String table) throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
             ResultSet sum = statement.executeQuery("SELECT COALESCE(SUM(version), 0) FROM " + table)) {
            sum.next();
            return sum.getLong(1);
        }
    }

    private static void activations(final BenchDatabase db, final Options o) throws Exception {
        final String prefix = "storage." + db.kind() + ".activations";
        final int count = o.integer("stored", 100_000);
        final int warm = o.integer("warm", 2000);
        final int inFlight = o.integer("inflight", 1000);
        final BenchDatabase.Fresh fresh = db.fresh("grain_activations");
        try (JdbcStorage storage = fresh.storage(readers(o))) {
            // the storage made grain_state; the states go in with one batched insert, outside the measurement
            final long start = System.nanoTime();
            bulkInsertStates(fresh, -warm, count);
            ResultLine.print("grain." + prefix + ".bulkInsertSeconds", (System.nanoTime() - start) / 1e9);
            try (GrainMember member = GrainMember.builder().shards(1).callTimeout(Duration.ofSeconds(60))
                .collectionAge(Duration.ofHours(1)).storage(storage)
                .register(StateLoader.class, StateLoaderGrain::new).register(Idle.class, IdleGrain::new).start()) {
                final long timeout = TimeUnit.SECONDS.toNanos(60);
                // warm-up on keys the measurement does not use: negative keys, stored too
                new LoadDriver(i -> member.grains().get(StateLoader.class, -1L - i).loaded(), inFlight, timeout).exactly(warm);
                new LoadDriver(i -> member.grains().get(Idle.class, -1L - i).touch(), inFlight, timeout).exactly(warm);

                final LoadDriver.Outcome stateful = new LoadDriver(i -> member.grains().get(StateLoader.class, (long)i).loaded(),
                    inFlight, timeout).exactly(count);
                final LoadDriver.Outcome stateless = new LoadDriver(i -> member.grains().get(Idle.class, (long)i).touch(),
                    inFlight, timeout).exactly(count);
                ResultLine.print("grain." + prefix + ".withState.rate", stateful.ok() / stateful.seconds());
                ResultLine.print("grain." + prefix + ".withState.ok", stateful.ok());
                ResultLine.print("grain." + prefix + ".withState.errors", stateful.errors());
                ResultLine.print("grain." + prefix + ".withState.timeouts", stateful.timeouts() + stateful.hung());
                ResultLine.print("anchor." + prefix + ".withoutState.rate", stateless.ok() / stateless.seconds());
                ResultLine.print("anchor." + prefix + ".withoutState.ok", stateless.ok());
                ResultLine.print("anchor." + prefix + ".withoutState.errors", stateless.errors());
                ResultLine.print("anchor." + prefix + ".withoutState.timeouts", stateless.timeouts() + stateless.hung());
            }
        }
    }

    /** States of StateLoader keys {@code from .. count-1}, version 1, in one transaction of JDBC batches. */
    private static void bulkInsertStates(final BenchDatabase.Fresh database, final long from, final long count) throws SQLException {
        try (Connection connection = database.connect(); PreparedStatement insert = connection.prepareStatement(
            "INSERT INTO grain_state (kind, grain_key, state_name, payload, version) VALUES (?, ?, ?, ?, 1)")) {
            connection.setAutoCommit(false);
            int batched = 0;
            for (long key = from; key < count; key++) {
                // every parameter on every row: sqlite-jdbc clears them at addBatch
                insert.setString(1, "state-loader");
                insert.setString(2, "l:" + key);
                insert.setString(3, STATE_NAME);
                insert.setBytes(4, payload(key));
                insert.addBatch();
                if (++batched == 1000) {
                    insert.executeBatch();
                    batched = 0;
                }
            }
            insert.executeBatch();
            connection.commit();
        }
    }
}
