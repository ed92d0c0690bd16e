package io.grain.storage.jdbc;

import io.grain.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reader threads of a {@link JdbcStorage}: a few threads sharing one bounded queue, each with
 * a connection of its own (on SQLite, WAL lets them read beside the writer and each other).
 *
 * <p>Thread ownership: {@link #offer} from any thread; each reader thread owns its connection.
 */
final class ReaderPool {
    private static final Logger LOG = LoggerFactory.getLogger(ReaderPool.class);
    private static final long STOP_OFFER_WAIT_MILLIS = 100;

    /** The marker {@link #stop} queues once per reader. */
    private static final ReadTask<Void> STOP = new ReadTask<>("stop", null, null, null, (connection, dialect) -> null);

    private final ConnectionSource source;
    private final ArrayBlockingQueue<ReadTask<?>> queue;
    private final Thread[] threads;

    ReaderPool(final ConnectionSource source, final int queueCapacity, final int readers, final String threadName) {
        this.source = source;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.threads = new Thread[readers];
        for (int i = 0; i < readers; i++) {
            threads[i] = new Thread(this::read, threadName + "-" + i);
            threads[i].setDaemon(true);
        }
    }

    void start() {
        for (final Thread thread : threads) {
            thread.start();
        }
    }

    /** Queues a read; {@code false} when the queue is full. Never blocks. */
    boolean offer(final ReadTask<?> task) {
        return queue.offer(task);
    }

    /** Takes a read back that was queued after the readers stopped; {@code false} if a reader has it. */
    boolean withdraw(final ReadTask<?> task) {
        return queue.remove(task);
    }

    /** Lets the readers finish what was queued before, waits for them, and fails what came after. */
    void stop(final String closedMessage) throws InterruptedException {
        for (int i = 0; i < threads.length; i++) {
            // readers that died take nothing more, so a full queue would never make room for STOP
            while (anyAlive() && !queue.offer(STOP, STOP_OFFER_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                // the readers are busy with a full queue; they make room as they answer
            }
        }
        for (final Thread thread : threads) {
            thread.join();
        }
        final List<ReadTask<?>> left = new ArrayList<>();
        queue.drainTo(left);
        for (final ReadTask<?> task : left) {
            if (task != STOP) {
                task.fail(new StorageException(task.describe() + " failed: " + closedMessage));
            }
        }
    }

    /**
     * Runs one read; when the database fails it on a connection that turns out broken (a restarted
     * server, a dropped socket), runs it once more on a new connection: a read can always be
     * repeated. Returns the connection to use next, {@code null} when there is none.
     */
    private WorkerConnection answer(final ReadTask<?> task, final WorkerConnection current, final Dialect dialect) {
        WorkerConnection connection = current;
        for (int attempt = 1; ; attempt++) {
            if (connection == null) {
                try {
                    connection = new WorkerConnection(source.open());
                } catch (final SQLException | RuntimeException e) {
                    task.fail(new StorageException(task.describe() + " failed: cannot connect to " + source + ": "
                        + e.getMessage(), e));
                    return null;
                }
            }
            final SQLException failure = task.run(connection, dialect);
            if (failure == null) {
                return connection;
            }
            if (connection.isValid()) {
                task.fail(failure);
                return connection;
            }
            LOG.warn("reader connection to {} broke; opening another", source, failure);
            connection.close();
            connection = null;
            if (attempt == 2) {
                task.fail(failure);
                return null;
            }
        }
    }

    private boolean anyAlive() {
        for (final Thread thread : threads) {
            if (thread.isAlive()) {
                return true;
            }
        }
        return false;
    }

    private void read() {
        final Dialect dialect = source.dialect();
        WorkerConnection connection = null;
        try {
            while (true) {
                final ReadTask<?> task = queue.take();
                if (task == STOP) {
                    return;
                }
                connection = answer(task, connection, dialect);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }
}
