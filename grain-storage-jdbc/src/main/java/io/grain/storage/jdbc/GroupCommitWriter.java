package io.grain.storage.jdbc;

import io.grain.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one writer thread of a {@link JdbcStorage}: takes what is queued (up to the batch size),
 * runs it in one transaction, commits once, and only then completes the futures (group commit: many
 * grains writing at once share one commit and, on SQLite, one fsync, and every acknowledged write
 * is committed).
 *
 * <p>Within a batch ops run in queue order; neighbours with the same SQL go as one JDBC batch.
 * Conflicts (a moved version, an existing row) are not errors to the database: they are update
 * counts of 0, and fail only their own op. When the database does refuse a statement, the
 * transaction is rolled back and its ops run again one per transaction, so only the op the
 * database refuses fails. When the commit itself fails the outcome is unknown (the database may
 * have committed before the connection broke), so every op of that batch fails with a
 * {@link StorageException} that says so, and nothing is retried.
 *
 * <p>Thread ownership: {@link #offer} from any thread; everything else on the writer thread, which
 * owns the connection. {@link #commitCount()} from any thread.
 */
final class GroupCommitWriter implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final long STOP_OFFER_WAIT_MILLIS = 100;

    /** The marker {@link #stop()} queues; the writer finishes what it drained with it, then ends. */
    private static final WriteOp<Void> STOP = new WriteOp<>() {
        @Override
        void complete() {
        }

        @Override
        String describe() {
            return "stop";
        }
    };

    private final ConnectionSource source;
    private final Dialect dialect;
    private final ArrayBlockingQueue<WriteOp<?>> queue;
    private final int maxBatchSize;
    private final Thread thread;

    private final List<WriteOp<?>> drained;
    private final List<WriteOp<?>> pending;
    private final List<WriteOp<?>> single = new ArrayList<>(1);
    private WorkerConnection connection;

    /** Written only by the writer thread, read by any. */
    private volatile long commits;
    /** What ended the writer thread, if something other than {@link #stop} did; then it takes no more. */
    private volatile Throwable failure;

    GroupCommitWriter(final ConnectionSource source, final int queueCapacity, final int maxBatchSize,
        final String threadName) {
        this.source = source;
        this.dialect = source.dialect();
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.maxBatchSize = maxBatchSize;
        this.drained = new ArrayList<>(maxBatchSize);
        this.pending = new ArrayList<>(maxBatchSize);
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Queues an op; {@code false} when the queue is full. Never blocks. */
    boolean offer(final WriteOp<?> op) {
        return queue.offer(op);
    }

    /** What ended the writer thread by surprise (a bug, an {@code Error}), or {@code null}. */
    Throwable failure() {
        return failure;
    }

    /** Takes an op back that was queued after the writer stopped; {@code false} if the writer has it. */
    boolean withdraw(final WriteOp<?> op) {
        return queue.remove(op);
    }

    /** How many transactions the writer committed. */
    long commitCount() {
        return commits;
    }

    /**
     * Lets the writer finish what was queued before, waits for it to end, and fails what was queued
     * after. Called once, by the closing thread (which may block; callers of {@link #offer} never do).
     */
    void stop(final String closedMessage) throws InterruptedException {
        // a writer that died takes nothing more, so a full queue would never make room for STOP
        while (thread.isAlive() && !queue.offer(STOP, STOP_OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            // the writer is busy with a full queue; it makes room as it commits
        }
        thread.join();
        final List<WriteOp<?>> left = new ArrayList<>();
        queue.drainTo(left);
        for (final WriteOp<?> op : left) {
            op.fail(new StorageException(op.describe() + " failed: " + closedMessage));
        }
    }

    @Override
    public void run() {
        try {
            boolean stopping = false;
            while (!stopping) {
                drained.add(queue.take());
                queue.drainTo(drained, maxBatchSize - 1);
                for (final WriteOp<?> op : drained) {
                    if (op == STOP) {
                        stopping = true;
                    } else {
                        pending.add(op);
                    }
                }
                drained.clear();
                if (!pending.isEmpty()) {
                    process(pending);
                    pending.clear();
                }
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException | Error e) {
            failure = e;
            LOG.error("storage writer {} ended by a failure; the storage takes no more writes", thread.getName(), e);
            queue.drainTo(pending);
            for (final WriteOp<?> op : pending) {
                if (op != STOP) {
                    op.fail(new StorageException(op.describe() + " failed: the storage's writer thread failed", e));
                }
            }
            throw e;
        } finally {
            closeConnection();
        }
    }

    private void process(final List<WriteOp<?>> ops) {
        ensureTables(ops);
        if (ops.isEmpty()) {
            return;
        }
        if (runInTransaction(ops)) {
            return;
        }
        LOG.warn("a group commit of {} writes was refused by the database; running them one per transaction",
            ops.size());
        for (final WriteOp<?> op : ops) {
            single.add(op);
            runInTransaction(single);
            single.clear();
        }
    }

    /** Makes or checks the tables the ops need, outside the batch; an op whose table fails, fails. */
    private void ensureTables(final List<WriteOp<?>> ops) {
        int kept = 0;
        for (int i = 0; i < ops.size(); i++) {
            final WriteOp<?> op = ops.get(i);
            final RecordTable table = op.table();
            if (table != null && !table.isReady()) {
                try {
                    table.ensure(connection().connection(), dialect);
                } catch (final StorageException e) {
                    op.fail(new StorageException(op.describe() + " failed: " + e.getMessage(), e));
                    continue;
                } catch (final SQLException | RuntimeException e) {
                    op.fail(WriteOp.refused(op, e));
                    resetConnectionIfBroken();
                    continue;
                }
            }
            ops.set(kept++, op);
        }
        ops.subList(kept, ops.size()).clear();
    }

    /**
     * Runs {@code ops} in one transaction and completes them after its commit. Returns
     * {@code false} only when the database refused a statement of a batch of more than one op: then
     * nothing is committed or completed, and the caller runs the ops one by one. When a statement
     * fails because the connection broke, the transaction runs once more on a new connection:
     * nothing of it was committed, so repeating it is safe.
     */
    private boolean runInTransaction(final List<WriteOp<?>> ops) {
        for (int attempt = 1; ; attempt++) {
            final WorkerConnection c;
            try {
                c = connection();
            } catch (final SQLException | RuntimeException e) {
                for (final WriteOp<?> op : ops) {
                    op.fail(new StorageException(op.describe() + " failed: cannot connect to " + source + ": "
                        + e.getMessage(), e));
                }
                return true;
            }
            try {
                c.begin();
                execute(ops, c);
            } catch (final SQLException | RuntimeException e) {
                c.rollback(e);
                if (!c.isValid()) {
                    closeConnection();
                    if (attempt == 1) {
                        LOG.warn("writer connection to {} broke; running the transaction again on another", source, e);
                        continue;
                    }
                }
                if (ops.size() > 1) {
                    LOG.debug("group commit refused", e);
                    return false;
                }
                ops.get(0).fail(WriteOp.refused(ops.get(0), e));
                return true;
            }
            try {
                c.commit();
            } catch (final SQLException | RuntimeException e) {
                for (final WriteOp<?> op : ops) {
                    op.fail(new StorageException(op.describe() + " failed: the commit of its batch of " + ops.size()
                        + " writes failed, so it may or may not be stored: " + e.getMessage(), e));
                }
                closeConnection();
                return true;
            }
            commits++;
            for (final WriteOp<?> op : ops) {
                op.complete();
            }
            return true;
        }
    }

    private void execute(final List<WriteOp<?>> ops, final WorkerConnection c) throws SQLException {
        int i = 0;
        while (i < ops.size()) {
            final WriteOp<?> first = ops.get(i);
            final String sql = first.batchSql();
            if (sql == null) {
                first.executeAlone(c, dialect);
                i++;
                continue;
            }
            int end = i + 1;
            while (end < ops.size() && sql.equals(ops.get(end).batchSql())) {
                end++;
            }
            final PreparedStatement statement = c.statement(sql);
            if (end - i == 1) {
                first.bind(statement, dialect);
                first.onUpdateCount(statement.executeUpdate());
            } else {
                final int[] counts;
                try {
                    for (int j = i; j < end; j++) {
                        ops.get(j).bind(statement, dialect);
                        statement.addBatch();
                    }
                    counts = statement.executeBatch();
                } finally {
                    // a statement stays cached: a failed batch must not leave its rows for the next
                    statement.clearBatch();
                }
                if (counts.length != end - i) {
                    throw new SQLException("the driver answered a batch of " + (end - i) + " statements with "
                        + counts.length + " update counts");
                }
                for (int j = i; j < end; j++) {
                    final int count = counts[j - i];
                    if (count == Statement.SUCCESS_NO_INFO || count == Statement.EXECUTE_FAILED) {
                        // A driver that rewrites batches (pgjdbc's reWriteBatchedInserts) gives no
                        // counts; one op per statement always does.
                        throw new SQLException("the driver gave no update count for a batched statement");
                    }
                    ops.get(j).onUpdateCount(count);
                }
            }
            i = end;
        }
    }

    private WorkerConnection connection() throws SQLException {
        if (connection == null) {
            connection = new WorkerConnection(source.open());
        }
        return connection;
    }

    private void resetConnectionIfBroken() {
        if (connection != null && !connection.isValid()) {
            closeConnection();
        }
    }

    private void closeConnection() {
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }
}
